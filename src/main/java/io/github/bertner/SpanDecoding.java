package io.github.bertner;

import java.io.Serializable;

/**
 * How a zero-shot span model ({@link ModelKind#ZERO_SHOT_SPANS}, GLiNER) chooses among the spans above the threshold:
 * GLiNER's {@code flat_ner} and {@code multi_label}. A recognizer has one from its {@link RecognizerConfig}; a call
 * may ask for another with {@link EntityTypes#withSpanDecoding}, as GLiNER's {@code predict_entities} takes them per
 * call. A token classifier finds flat, single-label entities only and refuses any other.
 *
 * @param nested let an entity lie inside another (GLiNER's {@code flat_ner=False}); by default entities do not overlap
 * @param multiLabel let one span be an entity of several types (GLiNER's {@code multi_label=True})
 */
public record SpanDecoding(boolean nested, boolean multiLabel) implements Serializable {

    /** GLiNER's defaults: flat entities, one type per span. */
    public static final SpanDecoding FLAT = new SpanDecoding(false, false);

    /**
     * Whether this is GLiNER's default, the only decoding a token classifier has.
     *
     * @return true for flat, single-label spans
     */
    public boolean isFlat() {
        return !nested && !multiLabel;
    }
}
