package io.github.bertner.tagger;

import io.github.bertner.TokenizerSettings;
import io.github.bertner.tokenizer.Subwords;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds hand-made subword sequences and probability rows for decoding tests. */
final class DecodingTestSupport {
    static final List<String> CONLL_LABELS =
            List.of("O", "B-MISC", "I-MISC", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC");
    static final TokenizerSettings WORDPIECE = new TokenizerSettings(
            "WordPiece", "WordPiece", 100, false, false, Optional.of("##"), Optional.of("[UNK]"), OptionalInt.of(1));

    private DecodingTestSupport() {}

    /** Raw-text subwords: tokens with UTF-16 offsets (the tests use BMP text, so code points = UTF-16 units). */
    static Subwords raw(String[] tokens, int[][] offsets) {
        int n = tokens.length;
        int[] starts = new int[n];
        int[] ends = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = offsets[i][0];
            ends[i] = offsets[i][1];
            lengths[i] = ends[i] - starts[i];
        }
        return new Subwords(new long[n], tokens, starts, ends, lengths, new int[n]);
    }

    /** Host-token subwords with the given word ids. */
    static Subwords host(int... wordIds) {
        int n = wordIds.length;
        return new Subwords(new long[n], new String[n], new int[n], new int[n], new int[n], wordIds);
    }

    /** Rows that give back the given probability vectors (as the softmax of their logarithms). */
    static ProbabilityRows rows(double[][] probabilities) {
        int labels = probabilities[0].length;
        float[] logits = new float[probabilities.length * labels];
        int[] window = new int[probabilities.length];
        int[] position = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            position[i] = i;
            for (int l = 0; l < labels; l++) {
                logits[i * labels + l] = (float) Math.log(probabilities[i][l]);
            }
        }
        return new ProbabilityRows(new float[][] {logits}, window, position, labels);
    }

    /** A probability row with {@code p} at {@code label} and the rest spread evenly. */
    static double[] peaked(int labelCount, int label, double p) {
        double[] row = new double[labelCount];
        java.util.Arrays.fill(row, (1 - p) / (labelCount - 1));
        row[label] = p;
        return row;
    }
}
