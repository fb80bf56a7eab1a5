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
        float[][] logits = new float[sequences.size()][];
        for (List<Integer> batch : batches(sequences, batchSize)) {
            List<long[]> inputs = new ArrayList<>(batch.size());
            batch.forEach(i -> inputs.add(sequences.get(i)));
            float[][] batchLogits = classifier.run(inputs);
            for (int k = 0; k < batch.size(); k++) {
                logits[batch.get(k)] = batchLogits[k];
            }
        }
        return logits;
    }

    /** The indices of the sequences in each batch: sorted by length, then cut every {@code batchSize}. */
    static List<List<Integer>> batches(List<long[]> sequences, int batchSize) {
        Integer[] order = IntStream.range(0, sequences.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> sequences.get(i).length));
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            batches.add(Arrays.asList(order).subList(from, Math.min(order.length, from + batchSize)));
        }
        return batches;
    }
}
