package io.github.bertner.opennlp;

import java.util.ArrayList;
import java.util.List;
import opennlp.tools.util.Span;

/**
 * Collects name spans from one BIO label per token, by the conlleval rules: an {@code I-X} after
 * {@code O} or after another type starts a new entity.
 */
final class BioSpans {

    /** One token's label: outside, or the beginning or inside of an entity of a type. */
    record Label(boolean begins, String type) {
        static final Label OUTSIDE = new Label(false, null);

        boolean isOutside() {
            return type == null;
        }
    }

    private final List<Span> spans = new ArrayList<>();
    private String openType;
    private int openStart;

    /** Adds the label of token {@code index}; tokens come in order. */
    void add(int index, Label label) {
        boolean continues = !label.isOutside() && !label.begins() && label.type().equals(openType);
        if (continues) {
            return;
        }
        close(index);
        if (!label.isOutside()) {
            openType = label.type();
            openStart = index;
        }
    }

    /** The spans of a sentence of {@code tokenCount} tokens, in order. */
    Span[] finish(int tokenCount) {
        close(tokenCount);
        return spans.toArray(Span[]::new);
    }

    private void close(int end) {
        if (openType != null) {
            spans.add(new Span(openStart, end, openType));
            openType = null;
        }
    }
}
