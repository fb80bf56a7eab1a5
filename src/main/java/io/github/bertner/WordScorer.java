package io.github.bertner;

import java.util.List;

/** Chooses a word's label from its subwords' probability vectors, as {@link Aggregation} says. */
final class WordScorer {
    private WordScorer() {}

    /**
     * @param strategy a word-level strategy ({@code FIRST}, {@code AVERAGE} or {@code MAX}); other
     *     strategies read the first subword
     * @param subwordProbabilities the word's subwords in order, at least one
     * @return the chosen label and its probability
     */
    static Choice choose(Aggregation strategy, List<double[]> subwordProbabilities) {
        return switch (strategy) {
            case AVERAGE -> best(average(subwordProbabilities));
            case MAX -> best(mostConfident(subwordProbabilities));
            default -> best(subwordProbabilities.get(0));
        };
    }

    /**
     * A chosen label.
     *
     * @param label the label index
     * @param score its probability
     */
    record Choice(int label, double score) {}

    private static Choice best(double[] probabilities) {
        int label = Probabilities.argmax(probabilities);
        return new Choice(label, probabilities[label]);
    }

    private static double[] mostConfident(List<double[]> rows) {
        double[] best = rows.get(0);
        double bestMax = best[Probabilities.argmax(best)];
        for (double[] row : rows) {
            double rowMax = row[Probabilities.argmax(row)];
            if (rowMax > bestMax) {
                best = row;
                bestMax = rowMax;
            }
        }
        return best;
    }

    private static double[] average(List<double[]> rows) {
        double[] mean = new double[rows.get(0).length];
        for (double[] row : rows) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row[i];
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= rows.size();
        }
        return mean;
    }
}
