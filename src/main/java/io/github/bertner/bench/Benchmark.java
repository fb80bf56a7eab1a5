package io.github.bertner.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Times rows side by side: after warm-up passes, each measured iteration runs every row once in turn,
 * so that a noisy machine slows all rows alike. Each measured row starts after a pause of {@link #QUIET_MILLIS}.
 */
public final class Benchmark {
    /**
     * The pause before each measured row, untimed. ONNX Runtime's pool threads spin on for tens of milliseconds after
     * their last work; bert-ner's models share one pool, but a row whose session has a pool of its own (OpenNLP's
     * {@code NameFinderDL}) slowed the row after it: two such sessions alternating measured 0.896 and 1.108 of each
     * other by order without a pause, 1.012 and 1.006 with 100 ms.
     */
    static final long QUIET_MILLIS = 100;

    private final int warmup;
    private final int iterations;

    /**
     * @param warmup passes per row before measuring
     * @param iterations measured passes per row
     */
    public Benchmark(int warmup, int iterations) {
        if (warmup < 0 || iterations < 1) {
            throw new IllegalArgumentException(
                    "warm-up must be 0 or more and iterations 1 or more, were " + warmup + " and " + iterations);
        }
        this.warmup = warmup;
        this.iterations = iterations;
    }

    /**
     * Runs every row on the workload.
     *
     * @param rows the rows, in report order
     * @param workload the input
     * @param subwords real positions the model computes for the workload (for subword rates)
     * @return one result per row, in the same order
     * @throws Exception if a row fails
     */
    public List<RowResult> run(List<BenchRow> rows, Workload workload, long subwords) throws Exception {
        for (int pass = 0; pass < warmup; pass++) {
            for (BenchRow row : rows) {
                row.run(workload);
            }
        }
        double[][] seconds = new double[rows.size()][iterations];
        for (int pass = 0; pass < iterations; pass++) {
            for (int r = 0; r < rows.size(); r++) {
                Thread.sleep(QUIET_MILLIS);
                long start = System.nanoTime();
                rows.get(r).run(workload);
                seconds[r][pass] = (System.nanoTime() - start) / 1e9;
            }
        }
        List<RowResult> results = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            results.add(new RowResult(rows.get(r).name(), workload.words(), subwords, seconds[r]));
        }
        return results;
    }
}
