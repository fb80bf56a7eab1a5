package io.github.bertner.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * Runs many inputs through a model in batches of at most {@code batchSize}, sorted by length first (length bucketing)
 * so that little padding is computed, and returns the results in input order. Every run goes through one
 * {@link RunScheduler}, so that the model's concurrency limit and interrupt rules hold for every kind of model.
 *
 * @param <I> one input
 */
public final class BatchRunner<I> implements AutoCloseable {
    /**
     * A batch is cut early rather than let its real positions fall below this share of its padded ones. Not higher:
     * each run has a cost of its own (ONNX Runtime's fixed work per operator, threads that wait on small products),
     * and a few dozen sentences of mixed lengths, as concurrent requests to the server bring, cut at 0.95 ran in
     * many small batches, 12 to 18 % slower than at 0.75 on BERT-base (the same speed on 256 sentences).
     */
    public static final double MIN_PADDING_EFFICIENCY = 0.75;

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
        float[][] results = new float[inputs.size()][];
        for (List<Integer> batch : batchIndices(inputs)) {
            List<I> batchInputs = new ArrayList<>(batch.size());
            batch.forEach(i -> batchInputs.add(inputs.get(i)));
            float[][] batchResults = scheduler.run(() -> model.run(batchInputs));
            for (int k = 0; k < batch.size(); k++) {
                results[batch.get(k)] = batchResults[k];
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

    /**
     * The indices of the inputs in each batch: sorted by length, then cut after {@code batchSize} inputs, or earlier
     * where the next input would bring the batch's share of real (unpadded) positions below
     * {@link #MIN_PADDING_EFFICIENCY}.
     */
    List<List<Integer>> batchIndices(List<I> inputs) {
        Integer[] order = IntStream.range(0, inputs.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> length.applyAsInt(inputs.get(i))));
        List<List<Integer>> batches = new ArrayList<>();
        int from = 0;
        long real = 0;
        for (int k = 0; k < order.length; k++) {
            int size = length.applyAsInt(inputs.get(order[k]));
            int count = k - from;
            boolean full = count == batchSize
                    || (count > 0 && (double) (real + size) / ((long) (count + 1) * size) < MIN_PADDING_EFFICIENCY);
            if (full) {
                batches.add(Arrays.asList(order).subList(from, k));
                from = k;
                real = 0;
            }
            real += size;
        }
        if (from < order.length) {
            batches.add(Arrays.asList(order).subList(from, order.length));
        }
        return batches;
    }
}
