package io.github.bertner;

/**
 * A named entity over host tokens (the caller's tokens, in host-token mode).
 *
 * @param start index of the entity's first token, inclusive
 * @param end index after the entity's last token, exclusive
 * @param label the entity type without BIO prefix (for example {@code PER}); with
 *     {@link Aggregation#NONE} the token's full label (for example {@code B-PER})
 * @param score the entity's probability: the mean of its tokens' (or subwords') scores, in [0, 1]
 */
public record TokenSpan(int start, int end, String label, double score) {}
