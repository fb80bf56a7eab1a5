package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
    void batchesHoldEverySequenceOnceWithinTheSizeAndPaddingBounds() {
        Random random = new Random(7);
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            sequences.add(new long[2 + (int) Math.abs(random.nextGaussian() * 40)]);
        }
        List<List<Integer>> batches = batches(sequences, 32);
        Set<Integer> seen = new HashSet<>();
        long real = 0;
        long padded = 0;
        for (List<Integer> batch : batches) {
            assertThat(batch).isNotEmpty().hasSizeLessThanOrEqualTo(32);
            int width =
                    batch.stream().mapToInt(i -> sequences.get(i).length).max().orElseThrow();
            long batchReal =
                    batch.stream().mapToInt(i -> sequences.get(i).length).sum();
            assertThat((double) batchReal / (width * (long) batch.size()))
                    .isGreaterThanOrEqualTo(BatchRunner.MIN_PADDING_EFFICIENCY);
            real += batchReal;
            padded += width * (long) batch.size();
            batch.forEach(i -> assertThat(seen.add(i)).isTrue());
        }
        assertThat(seen).hasSize(1000);
        assertThat((double) real / padded).isGreaterThan(0.90);
        assertThat(batches.size()).as("batches stay large").isLessThan(1000 / 8);
    }

    @Test
    void aFewDozenSentencesOfMixedLengthsRunInAFewBatches() {
        Random random = new Random(11);
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            sequences.add(new long[8 + random.nextInt(60)]);
        }
        List<List<Integer>> batches = batches(sequences, 32);
        assertThat(batches.size())
                .as("runs for 32 sentences of 8 to 67 positions")
                .isBetween(2, 5);
    }

    @Test
    void equalLengthsFillWholeBatches() {
        List<long[]> sequences = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sequences.add(new long[10]);
        }
        assertThat(batches(sequences, 32)).extracting(List::size).containsExactly(32, 32, 32, 4);
    }
}
