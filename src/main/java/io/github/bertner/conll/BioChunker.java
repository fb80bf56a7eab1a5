package io.github.bertner.conll;

import io.github.bertner.TokenSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Entities from one BIO label per token, by the rules of CoNLL's {@code conlleval}: {@code B-X} starts an
 * entity of type X; {@code I-X} continues one of type X on the token before, and otherwise starts a new
 * one; any other label ({@code O}, or a label without a {@code B-}/{@code I-} prefix) is outside.
 */
public final class BioChunker {
    private BioChunker() {}

    /**
     * Whether a label is one this chunker reads: {@code O}, or {@code B-} or {@code I-} followed by a type.
     *
     * @param label a gold label
     * @return true for a BIO label
     */
    public static boolean isBioLabel(String label) {
        return label.equals("O") || label.length() > 2 && (label.startsWith("B-") || label.startsWith("I-"));
    }

    /**
     * The BIO labels of entities: {@code B-TYPE} on an entity's first token, {@code I-TYPE} on the others,
     * {@code O} elsewhere.
     *
     * @param tokens the sentence's length in tokens
     * @param spans its entities, not overlapping
     * @return one label per token
     */
    public static String[] labels(int tokens, List<TokenSpan> spans) {
        String[] labels = new String[tokens];
        java.util.Arrays.fill(labels, "O");
        for (TokenSpan span : spans) {
            for (int t = span.start(); t < span.end(); t++) {
                labels[t] = (t == span.start() ? "B-" : "I-") + span.label();
            }
        }
        return labels;
    }

    /**
     * The entities of a sentence.
     *
     * @param labels one BIO label per token
     * @return the entities as token-index spans (end exclusive) with score 1, in order
     */
    public static List<TokenSpan> spans(String[] labels) {
        List<TokenSpan> spans = new ArrayList<>();
        int start = -1;
        String type = null;
        for (int i = 0; i <= labels.length; i++) {
            String label = i < labels.length ? labels[i] : "O";
            String labelType = label.length() > 2 && label.charAt(1) == '-' ? label.substring(2) : null;
            boolean continues = type != null && label.startsWith("I-") && type.equals(labelType);
            if (!continues) {
                if (type != null) {
                    spans.add(new TokenSpan(start, i, type, 1.0));
                }
                boolean begins = labelType != null && (label.startsWith("B-") || label.startsWith("I-"));
                start = begins ? i : -1;
                type = begins ? labelType : null;
            }
        }
        return spans;
    }
}
