package io.github.bertner;

import java.util.ArrayList;
import java.util.List;

/** Chooses a word's label from its subwords' probability vectors, as {@link Aggregation} says. */
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
            case AVERAGE -> best(average(rows(probabilities, from, to)));
            case MAX -> best(mostConfident(rows(probabilities, from, to)));
            default -> best(probabilities.get(from));
        };
    }

    private static List<double[]> rows(ProbabilityRows probabilities, int from, int to) {
        List<double[]> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            rows.add(probabilities.get(i));
        }
        return rows;
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
