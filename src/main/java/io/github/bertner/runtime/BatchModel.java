package io.github.bertner.runtime;

import java.util.List;

/**
 * A model as {@link BatchRunner} runs it: one ONNX Runtime run on a batch of inputs, padded inside to the longest,
 * or, where the model {@linkplain #packs() packs}, on rows that each hold several inputs one after another.
 *
 * @param <I> one input: an id sequence, or a prompt with its text
 */
@FunctionalInterface
public interface BatchModel<I> {

    /**
     * Runs one batch.
     *
     * @param batch the inputs, at least one
     * @return for each input, in the batch's order, its logits for its own positions (padding removed)
     */
    float[][] run(List<I> batch);

    /**
     * Whether {@link #runPacked} may be called: whether the graph can run several inputs in one row, each getting
     * the logits it gets alone.
     *
     * @return false unless the model says so
     */
    default boolean packs() {
        return false;
    }

    /**
     * Runs one batch whose rows each hold several inputs one after another, padded to the longest row.
     *
     * @param batch the inputs of each row, at least one row
     * @return for each input, row after row and in each row's order, its logits for its own positions
     * @throws UnsupportedOperationException if the model does not {@linkplain #packs() pack}
     */
    default float[][] runPacked(BatchRows<I> batch) {
        throw new UnsupportedOperationException("this model runs one input a row");
    }
}
