package io.github.bertner;

import java.io.Serializable;

/**
 * How a fine-tuned token classifier ({@link ModelKind#TOKEN_CLASSIFICATION}) turns its predictions into entities:
 * the Hugging Face pipeline's options. A zero-shot span model has no use for them (see {@link SpanDecoding}).
 *
 * @param aggregation how sub-word predictions become entities; default {@link Aggregation#FIRST}
 * @param stride overlap in sub-words between consecutive windows over a long input, or {@link #DEFAULT_STRIDE} for
 *     128 (or the largest value below the window for small models)
 * @param windowMerge how overlapping windows are combined in raw-text mode; default {@link WindowMerge#HUGGING_FACE}
 * @param keepSpecialLabels emit labels such as {@code [PAD]} or {@code [CLS]} as entities, as the Hugging Face
 *     pipeline does; by default they count as {@code O}
 */
public record TokenDecoding(Aggregation aggregation, int stride, WindowMerge windowMerge, boolean keepSpecialLabels)
        implements Serializable {

    /** The value of {@link #stride()} that selects the default overlap. */
    public static final int DEFAULT_STRIDE = -1;

    /** The overlap used when none is given and the window allows it. */
    public static final int PREFERRED_STRIDE = 128;

    /** The default {@link #aggregation()}, by name (a constant, for annotations and options). */
    public static final String DEFAULT_AGGREGATION = "FIRST";

    /** The pipeline's defaults: first-sub-token aggregation, the default stride, its window merge, no special labels. */
    public static final TokenDecoding DEFAULTS = new TokenDecoding(
            Aggregation.valueOf(DEFAULT_AGGREGATION), DEFAULT_STRIDE, WindowMerge.HUGGING_FACE, false);

    /** Checks every field. */
    public TokenDecoding {
        if (aggregation == null || windowMerge == null) {
            throw new IllegalArgumentException("aggregation and windowMerge must not be null");
        }
        if (stride < DEFAULT_STRIDE) {
            throw new IllegalArgumentException("stride must be 0 or more (or DEFAULT_STRIDE), was " + stride);
        }
    }
}
