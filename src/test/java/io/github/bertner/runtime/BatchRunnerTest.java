package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BatchRunnerTest {

    private static List<List<Integer>> batches(List<long[]> sequences, int batchSize) {
        BatchModel<long[]> unused = batch -> {
            throw new AssertionError("nothing runs");
        };
        try (BatchRunner<long[]> runner = new BatchRunner<>(unused, sequence -> sequence.length, batchSize, 2)) {
            return runner.batchIndices(sequences).stream()
                    .map(BatchRows::inputs)
                    .toList();
        }
    }

    /** A model that packs, whose result for an input is its length and its row's number in the batch. */
    private static final class PackingModel implements BatchModel<long[]> {
        final List<BatchRows<long[]>> ran = new ArrayList<>();

        @Override
        public float[][] run(List<long[]> batch) {
            throw new AssertionError("a packing model is run row by row");
        }

        @Override
        public boolean packs() {
            return true;
        }

        @Override
        public synchronized float[][] runPacked(BatchRows<long[]> batch) {
            ran.add(batch);
            List<List<long[]>> rows = batch.rows();
            List<float[]> results = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                for (long[] input : rows.get(r)) {
                    results.add(new float[] {input.length, r});
                }
            }
            return results.toArray(float[][]::new);
        }
    }

    /** Sentence lengths as a server's concurrent requests bring them: mixed, from 3 to about 90 positions. */
    private static List<long[]> mixedLengths(Random random, int count) {
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sequences.add(new long[3 + (int) Math.abs(random.nextGaussian() * 30)]);
        }
        return sequences;
    }

    @Test
    void batchesHoldEverySequenceOnceWithinTheSize() {
        Random random = new Random(7);
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sequences.add(new long[2 + (int) Math.abs(random.nextGaussian() * 40)]);
        }
        List<List<Integer>> batches = batches(sequences, 32);
        Set<Integer> seen = new HashSet<>();
        for (List<Integer> batch : batches) {
            assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(32);
            batch.forEach(i -> assertThat(seen.add(i)).isTrue());
        }
        assertThat(seen).hasSize(1000);
        assertThat(efficiency(sequences, batches)).isGreaterThan(0.98);
    }

    @Test
    void theCutsAreTheCheapestOfAllPartitions() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            List<long[]> sequences = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(9); i < n; i++) {
                sequences.add(new long[1 + random.nextInt(80)]);
            }
            int batchSize = 1 + random.nextInt(4);
            int[] sorted = sequences.stream().mapToInt(s -> s.length).sorted().toArray();
            assertThat(cost(sequences, batches(sequences, batchSize)))
                    .as("lengths %s, batch size %d", Arrays.toString(sorted), batchSize)
                    .isEqualTo(cheapestByEnumeration(sorted, 0, batchSize));
        }
    }

    @Test
    void aLongSentenceRunsAloneWhereItsPaddingWouldCostMoreThanARun() {
        List<long[]> sequences = List.of(new long[10], new long[50], new long[10], new long[10]);
        assertThat(batches(sequences, 32)).containsExactly(List.of(0, 2, 3), List.of(1));
        List<long[]> close = List.of(new long[11], new long[10]);
        assertThat(batches(close, 32)).containsExactly(List.of(1, 0));
    }

    @Test
    void equalLengthsFillWholeBatches() {
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sequences.add(new long[10]);
        }
        assertThat(batches(sequences, 32)).extracting(List::size).containsExactlyInAnyOrder(32, 32, 32, 4);
    }

    @Test
    void aPackingModelGetsRowsAtMostTwiceTheBatchsLongestInputAndEveryResultInInputOrder() {
        List<long[]> sequences = mixedLengths(new Random(11), 200);
        PackingModel model = new PackingModel();
        float[][] results;
        try (BatchRunner<long[]> runner = new BatchRunner<>(model, sequence -> sequence.length, 32, 2)) {
            results = runner.run(sequences);
        }
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(results[i][0]).as("the result of input %d", i).isEqualTo(sequences.get(i).length);
        }
        long real = 0;
        long padded = 0;
        Set<long[]> seen = new HashSet<>();
        for (BatchRows<long[]> batch : model.ran) {
            int longest = batch.inputs().stream().mapToInt(s -> s.length).max().orElseThrow();
            assertThat(batch.width(s -> s.length)).isBetween(longest, 2 * longest);
            assertThat(batch.inputs()).hasSizeLessThanOrEqualTo(32);
            batch.inputs().forEach(input -> assertThat(seen.add(input)).isTrue());
            real += batch.inputs().stream().mapToInt(s -> s.length).sum();
            padded += batch.paddedPositions(s -> s.length);
        }
        assertThat(seen).hasSize(sequences.size());
        assertThat((double) real / padded).isGreaterThan(0.97);
        assertThat(model.ran.size() * (long) BatchRunner.RUN_COST_POSITIONS + padded)
                .as("runs and padded positions")
                .isLessThanOrEqualTo(cost(sequences, batches(sequences, 32)));
    }

    @Test
    void packingPadsAServersMixedSentencesLessThanTheBestCuttingDoes() {
        Random random = new Random(5);
        for (int group = 0; group < 20; group++) {
            List<long[]> sequences = mixedLengths(random, 32);
            long real = sequences.stream().mapToLong(s -> s.length).sum();
            PackingModel model = new PackingModel();
            try (BatchRunner<long[]> runner = new BatchRunner<>(model, sequence -> sequence.length, 32, 1)) {
                long packed = runner.batches(sequences).stream()
                        .mapToLong(batch -> batch.paddedPositions(s -> s.length))
                        .sum();
                assertThat((double) real / packed).as("group %d", group).isGreaterThan(0.96);
                assertThat(efficiency(sequences, batches(sequences, 32)))
                        .as("group %d unpacked", group)
                        .isLessThan((double) real / packed);
            }
        }
    }

    /** Real positions over padded ones. */
    private static double efficiency(List<long[]> sequences, List<List<Integer>> batches) {
        long real = sequences.stream().mapToLong(s -> s.length).sum();
        return (double) real / (cost(sequences, batches) - batches.size() * (long) BatchRunner.RUN_COST_POSITIONS);
    }

    /** Each batch's run cost plus its padded positions. */
    private static long cost(List<long[]> sequences, List<List<Integer>> batches) {
        long total = 0;
        for (List<Integer> batch : batches) {
            int width =
                    batch.stream().mapToInt(i -> sequences.get(i).length).max().orElseThrow();
            total += BatchRunner.RUN_COST_POSITIONS + (long) width * batch.size();
        }
        return total;
    }

    /** The least cost of any cutting of the ascending lengths from {@code from} on, tried one by one. */
    private static long cheapestByEnumeration(int[] sorted, int from, int batchSize) {
        if (from == sorted.length) {
            return 0;
        }
        long best = Long.MAX_VALUE;
        for (int end = from + 1; end <= Math.min(sorted.length, from + batchSize); end++) {
            long batch = BatchRunner.RUN_COST_POSITIONS + (long) (end - from) * sorted[end - 1];
            best = Math.min(best, batch + cheapestByEnumeration(sorted, end, batchSize));
        }
        return best;
    }
}
