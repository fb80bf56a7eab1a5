package io.github.bertner.convert;

/**
 * A dropout site's mask input of a {@link TrainingGraph}: a boolean per element, false (dropped, with probability
 * {@code rate}) or true (kept, and scaled by {@code 1/(1-rate)}).
 *
 * @param input the graph input
 * @param rate the probability of dropping an element
 * @param attention whether the mask is {@code [batch, width, sequence, sequence]} (attention probabilities, width
 *     the heads) rather than {@code [batch, sequence, width]}
 * @param width the heads or the hidden width
 */
public record DropoutMask(String input, float rate, boolean attention, int width) {}
