package io.github.bertner.runtime;

import java.util.List;

/**
 * A model as {@link BatchRunner} runs it: one ONNX Runtime run on a batch of inputs, padded inside to the longest.
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
}
