package io.github.bertner.tagger;

/**
 * The probability vectors of an input's subwords, each computed from one window's logits when first
 * read (word-level {@code FIRST} reads only the first subword of each word).
 */
final class ProbabilityRows {
    private final float[][] windowLogits;
    private final int[] windowOf;
    private final int[] positionOf;
    private final int labelCount;
    private final float[][] rows;

    /**
     * @param windowLogits logits of each window, {@code [position * labelCount + label]}
     * @param windowOf for each subword, the window to read it from (-1 where none)
     * @param positionOf for each subword, its position in that window
     * @param labelCount labels per position
     */
    ProbabilityRows(float[][] windowLogits, int[] windowOf, int[] positionOf, int labelCount) {
        this.windowLogits = windowLogits;
        this.windowOf = windowOf;
        this.positionOf = positionOf;
        this.labelCount = labelCount;
        this.rows = new float[windowOf.length][];
    }

    /** The softmax probabilities of subword {@code i}, in float32 as the Hugging Face pipeline has them. */
    float[] get(int i) {
        if (rows[i] == null) {
            if (windowOf[i] < 0) {
                throw new IllegalStateException("subword " + i + " lies in no window read here");
            }
            rows[i] = Probabilities.softmax(windowLogits[windowOf[i]], positionOf[i] * labelCount, labelCount);
        }
        return rows[i];
    }

    /** The number of subwords. */
    int size() {
        return rows.length;
    }
}
