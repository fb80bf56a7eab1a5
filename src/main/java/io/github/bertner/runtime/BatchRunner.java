package io.github.bertner.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Runs many inputs through a model in batches of at most {@code batchSize}, sorted by length first (length bucketing)
 * so that little padding is computed, and returns the results in input order. Every run goes through one
 * {@link RunScheduler}, so that the model's concurrency limit and interrupt rules hold for every kind of model.
 *
 * <p>Where the sorted inputs are cut into batches is chosen for the least cost, exactly (by dynamic programming):
 * a batch costs {@link #RUN_COST_POSITIONS} plus its padded positions (inputs × the longest). The fixed part is
 * reading the model's weights once per run, which on a CPU costs about as much as the arithmetic of 20 to 30
 * positions whatever the model's size, since both grow with the number of weights (measured: the demo model's run
 * takes 0.27 ms plus 12 µs a position, BERT-base's 20 ms plus 0.66 ms a position). A few dozen inputs of mixed
 * lengths so run in a few batches, and a long document's sentences with almost no padding.
 *
 * @param <I> one input
 */
public final class BatchRunner<I> implements AutoCloseable {
    /**
     * The cost of a run beyond its positions, in positions. Set a little below the measured 20 to 30, where the
     * total cost is flat, for less padding: 0.984 of the positions DaNE test's sentences run are real.
     */
    public static final int RUN_COST_POSITIONS = 16;

    private final BatchModel<I> model;
    private final ToIntFunction<I> length;
    private final int batchSize;
    private final RunScheduler scheduler;

    /**
     * @param model the model
     * @param length an input's length in positions, which decides the padding of its batch
     * @param batchSize the most inputs in one run
     * @param concurrentRuns the most runs of this model at once (see {@link RunScheduler#allowing})
     */
    public BatchRunner(BatchModel<I> model, ToIntFunction<I> length, int batchSize, int concurrentRuns) {
        this.model = model;
        this.length = length;
        this.batchSize = batchSize;
        this.scheduler = RunScheduler.allowing(concurrentRuns);
    }

    /**
     * Runs every input.
     *
     * @param inputs the inputs
     * @return for each input, in the order given, the model's result for it
     */
    public float[][] run(List<I> inputs) {
        List<List<Integer>> batches = batchIndices(inputs);
        List<Supplier<float[][]>> runs = new ArrayList<>(batches.size());
        for (List<Integer> batch : batches) {
            List<I> batchInputs = new ArrayList<>(batch.size());
            batch.forEach(i -> batchInputs.add(inputs.get(i)));
            runs.add(() -> model.run(batchInputs));
        }
        List<float[][]> batchResults = scheduler.runEach(runs);
        float[][] results = new float[inputs.size()][];
        for (int b = 0; b < batches.size(); b++) {
            for (int k = 0; k < batches.get(b).size(); k++) {
                results[batches.get(b).get(k)] = batchResults.get(b)[k];
            }
        }
        return results;
    }

    /**
     * The batches {@link #run} would run.
     *
     * @param inputs the inputs
     * @return the inputs of each batch, in the order they would run
     */
    public List<List<I>> batches(List<I> inputs) {
        List<List<I>> batches = new ArrayList<>();
        for (List<Integer> batch : batchIndices(inputs)) {
            batches.add(batch.stream().map(inputs::get).toList());
        }
        return batches;
    }

    @Override
    public void close() {
        scheduler.close();
    }

    /** The indices of the inputs in each batch: sorted by length, then cut where the total cost is least. */
    List<List<Integer>> batchIndices(List<I> inputs) {
        long[] lengthThenIndex = new long[inputs.size()];
        for (int i = 0; i < lengthThenIndex.length; i++) {
            lengthThenIndex[i] = (long) length.applyAsInt(inputs.get(i)) << Integer.SIZE | i;
        }
        Arrays.sort(lengthThenIndex);
        int[] sorted = new int[lengthThenIndex.length];
        List<Integer> sortedOrder = new ArrayList<>(lengthThenIndex.length);
        for (int k = 0; k < lengthThenIndex.length; k++) {
            sorted[k] = (int) (lengthThenIndex[k] >>> Integer.SIZE);
            sortedOrder.add((int) lengthThenIndex[k]);
        }
        List<List<Integer>> batches = new ArrayList<>();
        int[] starts = cheapestCuts(sorted);
        for (int end = sorted.length; end > 0; end = starts[end]) {
            batches.add(0, sortedOrder.subList(starts[end], end));
        }
        return batches;
    }

    /**
     * The cheapest cuts of ascending lengths into batches of at most {@code batchSize}.
     *
     * @return for each end {@code e} (exclusive) of a batch in the cheapest cutting of the first {@code e} lengths,
     *     where that batch starts
     */
    private int[] cheapestCuts(int[] sorted) {
        long[] cost = new long[sorted.length + 1];
        int[] starts = new int[sorted.length + 1];
        for (int end = 1; end <= sorted.length; end++) {
            cost[end] = Long.MAX_VALUE;
            long width = sorted[end - 1];
            for (int start = Math.max(0, end - batchSize); start < end; start++) {
                long total = cost[start] + RUN_COST_POSITIONS + (end - start) * width;
                if (total < cost[end]) {
                    cost[end] = total;
                    starts[end] = start;
                }
            }
        }
        return starts;
    }
}
