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
            return runner.batchIndices(sequences);
        }
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
