package io.github.bertner.tokenizer;

/**
 * The subwords of one input, without special tokens, as the tokenizer produced them.
 *
 * @param ids vocabulary ids
 * @param tokens vocabulary strings (for example {@code ##sen})
 * @param starts start offsets, inclusive, in UTF-16 code units of the raw text (raw-text mode only)
 * @param ends end offsets, exclusive, in UTF-16 code units of the raw text (raw-text mode only)
 * @param spanCodePoints the length of each subword's source text in Unicode code points (raw-text mode)
 * @param wordIds the host-token index of each subword (host-token mode only)
 */
public record Subwords(long[] ids, String[] tokens, int[] starts, int[] ends, int[] spanCodePoints, int[] wordIds) {

    /**
     * The number of subwords.
     *
     * @return the count
     */
    public int size() {
        return ids.length;
    }
}
