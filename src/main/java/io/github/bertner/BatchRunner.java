package io.github.bertner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs many sequences through the classifier in batches of at most {@code batchSize}, sorted by length
 * first (length bucketing) so that little padding is computed, and returns the logits in input order.
 */
final class BatchRunner {
    private final OnnxClassifier classifier;
    private final int batchSize;

    BatchRunner(OnnxClassifier classifier, int batchSize) {
        this.classifier = classifier;
        this.batchSize = batchSize;
    }

    /** Logits per sequence, in the order given; see {@link OnnxClassifier#run(List)}. */
    float[][] classify(List<long[]> sequences) {
        Integer[] order = IntStream.range(0, sequences.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> sequences.get(i).length));
        float[][] logits = new float[sequences.size()][];
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            List<long[]> batch = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                batch.add(sequences.get(order[k]));
            }
            float[][] batchLogits = classifier.run(batch);
            for (int k = from; k < to; k++) {
                logits[order[k]] = batchLogits[k - from];
            }
        }
        return logits;
    }
}
