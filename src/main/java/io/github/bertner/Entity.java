package io.github.bertner;

/**
 * A named entity found in raw text.
 *
 * @param label the entity type without BIO prefix (for example {@code PER}); with
 *     {@link Aggregation#NONE} the subword's full label (for example {@code B-PER})
 * @param start the start offset, inclusive, in UTF-16 code units ({@link String} indices) of the input
 * @param end the end offset, exclusive, in UTF-16 code units of the input
 * @param score the entity's probability: the mean of its words' (or subwords') scores, in [0, 1]
 * @param text the input's characters from {@code start} to {@code end}
 */
public record Entity(String label, int start, int end, double score, String text) {}
