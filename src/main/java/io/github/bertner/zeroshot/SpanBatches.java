package io.github.bertner.zeroshot;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Runs inputs in batches of inputs of similar length, so that little of a batch is padding. */
final class SpanBatches {
    private SpanBatches() {}

    /** The logits of every input, in the inputs' order. */
    static float[][] run(SpanSession session, List<SpanInput> inputs, int batchSize) {
        Integer[] order = IntStream.range(0, inputs.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> inputs.get(i).ids().length));
        float[][] logits = new float[inputs.size()][];
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(from + batchSize, order.length);
            List<Integer> batch = List.of(order).subList(from, to);
            float[][] batchLogits = session.run(batch.stream().map(inputs::get).toList());
            for (int i = 0; i < batch.size(); i++) {
                logits[batch.get(i)] = batchLogits[i];
            }
        }
        return logits;
    }
}
