package io.github.bertner.tagger;

import io.github.bertner.Aggregation;

/**
 * Chooses a word's label from its subwords' probability vectors, as {@link Aggregation} says, in float32 as the
 * Hugging Face pipeline does (so that ties break the same way: the first maximum wins).
 */
final class WordScorer {
    private WordScorer() {}

    /**
     * @param strategy a word-level strategy ({@code FIRST}, {@code AVERAGE} or {@code MAX}); other
     *     strategies read the first subword
     * @param probabilities the subwords' probabilities
     * @param from the word's first subword
     * @param to the subword after the word's last, greater than {@code from}
     * @return the chosen label and its probability
     */
    static Choice choose(Aggregation strategy, ProbabilityRows probabilities, int from, int to) {
        return switch (strategy) {
            case AVERAGE -> best(average(probabilities, from, to));
            case MAX -> best(mostConfident(probabilities, from, to));
            default -> best(probabilities.get(from));
        };
    }

    /**
     * A chosen label.
     *
     * @param label the label index
     * @param score its probability
     */
    record Choice(int label, double score) {}

    private static Choice best(float[] probabilities) {
        int label = Probabilities.argmax(probabilities);
        return new Choice(label, probabilities[label]);
    }

    /** The row with the largest maximum, the first on ties (Python's {@code max} with a key). */
    private static float[] mostConfident(ProbabilityRows probabilities, int from, int to) {
        float[] best = probabilities.get(from);
        float bestMax = best[Probabilities.argmax(best)];
        for (int i = from + 1; i < to; i++) {
            float[] row = probabilities.get(i);
            float rowMax = row[Probabilities.argmax(row)];
            if (rowMax > bestMax) {
                best = row;
                bestMax = rowMax;
            }
        }
        return best;
    }

    /** numpy's {@code nanmean} over the rows: a float32 sum row by row, divided by the count in float64. */
    private static float[] average(ProbabilityRows probabilities, int from, int to) {
        float[] sum = probabilities.get(from).clone();
        for (int i = from + 1; i < to; i++) {
            float[] row = probabilities.get(i);
            for (int l = 0; l < sum.length; l++) {
                sum[l] += row[l];
            }
        }
        int count = to - from;
        for (int l = 0; l < sum.length; l++) {
            sum[l] = (float) ((double) sum[l] / count);
        }
        return sum;
    }
}
