package io.github.bertner.tagger;

/**
 * A labelled stretch of input: a subword or a word before grouping, an entity after it.
 *
 * @param label the label as decoding sees it (special labels already mapped to {@code O} unless kept);
 *     for an entity, its type
 * @param score the probability of that label; for an entity, the mean over its members
 * @param start start, inclusive: a UTF-16 offset in raw-text mode, a host-token index in host-token mode
 * @param end end, exclusive, in the same unit as {@code start}
 */
record Unit(String label, double score, int start, int end) {}
