package io.github.bertner.bench;

import java.util.Arrays;

/**
 * The timings of one row on one workload.
 *
 * @param row the row's name
 * @param words words in the workload
 * @param subwords real (non-padding) positions the model computes for the workload, specials included
 * @param seconds the duration of each measured pass, in seconds
 */
public record RowResult(String row, int words, long subwords, double[] seconds) {

    /** Copies the timings. */
    public RowResult {
        seconds = seconds.clone();
    }

    @Override
    public double[] seconds() {
        return seconds.clone();
    }

    /**
     * @return words per second of the median pass
     */
    public double wordsPerSecond() {
        return words / median();
    }

    /**
     * @return subword positions per second of the median pass
     */
    public double subwordsPerSecond() {
        return subwords / median();
    }

    /**
     * @return (slowest - fastest pass) / median pass, as a fraction
     */
    public double spread() {
        double[] sorted = sorted();
        return (sorted[sorted.length - 1] - sorted[0]) / median();
    }

    /**
     * @return the median pass duration in seconds
     */
    public double median() {
        double[] sorted = sorted();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private double[] sorted() {
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RowResult that
                && row.equals(that.row)
                && words == that.words
                && subwords == that.subwords
                && Arrays.equals(seconds, that.seconds);
    }

    @Override
    public int hashCode() {
        return row.hashCode() * 31 + Arrays.hashCode(seconds);
    }

    @Override
    public String toString() {
        return row + " " + Arrays.toString(seconds);
    }
}
