package io.github.bertner.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 * <p>A model that {@linkplain BatchModel#packs() packs} runs several inputs in one row: each batch's inputs, longest
 * first, go into the first row with room for them, and a batch costs its rows times their width. The cuts are chosen
 * for rows as wide as each batch's longest input; a batch's rows then take the width up to twice that for which
 * they cost least, attention included. Mixed lengths that no cutting pads well (a server's few dozen concurrent
 * sentences) then run with almost no padding too.
 *
 * @param <I> one input
 */
public final class BatchRunner<I> implements AutoCloseable {
    /**
     * The cost of a run beyond its positions, in positions. Set a little below the measured 20 to 30, where the
     * total cost is flat, for less padding: 0.984 of the positions DaNE test's sentences run are real.
     */
    public static final int RUN_COST_POSITIONS = 16;

    /**
     * How many query-key pairs of attention cost as much as one position's other work: about {@code 6 × hidden}
     * (a layer's products take {@code 24 hidden²} operations a position, its scores and weighted sum {@code 4 hidden}
     * a pair), here for a hidden width of 128, the smallest models served, where attention weighs most.
     */
    static final int ATTENTION_PAIRS_PER_POSITION = 6 * 128;

    /** The widths a packed batch's rows may take: its longest input's length and this many more, to twice that. */
    private static final int WIDTH_STEPS = 64;

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
        List<BatchRows<Integer>> batches = batchIndices(inputs);
        List<Supplier<float[][]>> runs = new ArrayList<>(batches.size());
        for (BatchRows<Integer> batch : batches) {
            BatchRows<I> rows = of(batch, inputs);
            runs.add(() -> model.packs() ? model.runPacked(rows) : model.run(rows.inputs()));
        }
        List<float[][]> batchResults = scheduler.runEach(runs);
        float[][] results = new float[inputs.size()][];
        for (int b = 0; b < batches.size(); b++) {
            List<Integer> order = batches.get(b).inputs();
            for (int k = 0; k < order.size(); k++) {
                results[order.get(k)] = batchResults.get(b)[k];
            }
        }
        return results;
    }

    /**
     * The batches {@link #run} would run.
     *
     * @param inputs the inputs
     * @return the rows of each batch, in the order they would run
     */
    public List<BatchRows<I>> batches(List<I> inputs) {
        return batchIndices(inputs).stream().map(batch -> of(batch, inputs)).toList();
    }

    @Override
    public void close() {
        scheduler.close();
    }

    /**
     * The indices of the inputs in each batch: sorted by length, then cut where the total cost is least, and packed
     * into rows where the model packs.
     */
    List<BatchRows<Integer>> batchIndices(List<I> inputs) {
        long[] lengthThenIndex = new long[inputs.size()];
        for (int i = 0; i < lengthThenIndex.length; i++) {
            lengthThenIndex[i] = (long) length.applyAsInt(inputs.get(i)) << Integer.SIZE | i;
        }
        Arrays.sort(lengthThenIndex);
        int[] sorted = new int[lengthThenIndex.length];
        int[] sortedOrder = new int[lengthThenIndex.length];
        for (int k = 0; k < lengthThenIndex.length; k++) {
            sorted[k] = (int) (lengthThenIndex[k] >>> Integer.SIZE);
            sortedOrder[k] = (int) lengthThenIndex[k];
        }
        List<BatchRows<Integer>> batches = new ArrayList<>();
        int[] starts = cheapestCuts(sorted);
        for (int end = sorted.length; end > 0; end = starts[end]) {
            List<List<Integer>> rows = new ArrayList<>();
            for (List<Integer> row : cheapestRows(sorted, starts[end], end)) {
                rows.add(row.stream().map(k -> sortedOrder[k]).toList());
            }
            batches.add(0, new BatchRows<>(rows));
        }
        return batches;
    }

    /**
     * The cheapest cuts of ascending lengths into batches of at most {@code batchSize}: a batch costs
     * {@link #RUN_COST_POSITIONS} plus its rows times its longest length.
     *
     * @return for each end {@code e} (exclusive) of a batch in the cheapest cutting of the first {@code e} lengths,
     *     where that batch starts
     */
    private int[] cheapestCuts(int[] sorted) {
        boolean packs = model.packs();
        long[] cost = new long[sorted.length + 1];
        int[] starts = new int[sorted.length + 1];
        for (int end = 1; end <= sorted.length; end++) {
            cost[end] = Long.MAX_VALUE;
            long width = sorted[end - 1];
            RowFill rows = new RowFill(sorted[end - 1], packs);
            for (int start = end - 1; start >= Math.max(0, end - batchSize); start--) {
                rows.add(sorted[start]);
                long total = cost[start] + RUN_COST_POSITIONS + rows.count() * width;
                if (total < cost[end]) {
                    cost[end] = total;
                    starts[end] = start;
                }
            }
        }
        return starts;
    }

    /** The rows of the sorted inputs {@code start} to {@code end - 1}, the last filled first. */
    private List<List<Integer>> cheapestRows(int[] sorted, int start, int end) {
        boolean packs = model.packs();
        RowFill rows = new RowFill(packs ? cheapestWidth(sorted, start, end) : sorted[end - 1], packs);
        List<List<Integer>> filled = new ArrayList<>();
        for (int k = end - 1; k >= start; k--) {
            int row = rows.add(sorted[k]);
            if (row == filled.size()) {
                filled.add(new ArrayList<>());
            }
            filled.get(row).add(k);
        }
        Collections.reverse(filled);
        return filled;
    }

    /**
     * The width, from the longest input's to twice that (in {@link #WIDTH_STEPS} steps), at which packed rows of the
     * sorted inputs {@code start} to {@code end - 1} cost least, an attention pair costing
     * {@code 1 / ATTENTION_PAIRS_PER_POSITION} of a position; the narrowest of equal costs.
     */
    private static int cheapestWidth(int[] sorted, int start, int end) {
        int longest = sorted[end - 1];
        int cheapest = longest;
        double least = Double.MAX_VALUE;
        for (int width = longest; width <= 2 * longest; width += Math.max(1, longest / WIDTH_STEPS)) {
            RowFill rows = new RowFill(width, true);
            for (int k = end - 1; k >= start; k--) {
                rows.add(sorted[k]);
            }
            double cost = rowCost(rows.count(), width);
            if (cost < least) {
                least = cost;
                cheapest = width;
            }
        }
        return cheapest;
    }

    private static double rowCost(int rows, long width) {
        return rows * (width + (double) width * width / ATTENTION_PAIRS_PER_POSITION);
    }

    /**
     * Rows of one width filled with inputs longest first: where the model packs, each input goes into the first row
     * with room for it (first fit decreasing); otherwise each into a row of its own.
     */
    private static final class RowFill {
        private final int width;
        private final boolean packs;
        private int[] used = new int[8];
        private int count;
        /** The fewest positions any row uses, so that an input that fits none is placed without a search. */
        private int leastUsed = Integer.MAX_VALUE;

        RowFill(int width, boolean packs) {
            this.width = width;
            this.packs = packs;
        }

        /** Adds an input of this length, and returns the index of its row. */
        int add(int length) {
            if (!packs) {
                return count++;
            }
            if ((long) leastUsed + length <= width) {
                for (int r = 0; r < count; r++) {
                    if (used[r] + length <= width) {
                        boolean wasLeast = used[r] == leastUsed;
                        used[r] += length;
                        if (wasLeast) {
                            leastUsed = Arrays.stream(used, 0, count).min().orElseThrow();
                        }
                        return r;
                    }
                }
            }
            if (count == used.length) {
                used = Arrays.copyOf(used, 2 * count);
            }
            used[count] = length;
            leastUsed = Math.min(leastUsed, length);
            return count++;
        }

        int count() {
            return count;
        }
    }

    private static <I> BatchRows<I> of(BatchRows<Integer> indices, List<I> inputs) {
        return new BatchRows<>(indices.rows().stream()
                .map(row -> row.stream().map(inputs::get).toList())
                .toList());
    }
}
