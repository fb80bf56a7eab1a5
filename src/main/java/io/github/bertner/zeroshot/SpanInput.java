package io.github.bertner.zeroshot;

/**
 * One run of a span model: a prompt of entity types and a window of words.
 *
 * @param ids the token ids, special tokens included
 * @param wordsMask per token, the 1-based number of the window word it starts, else 0 (GLiNER's {@code words_mask})
 * @param words the window's words
 * @param types the entity types of the prompt
 */
record SpanInput(long[] ids, long[] wordsMask, int words, int types) {}
