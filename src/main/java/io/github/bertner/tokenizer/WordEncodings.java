package io.github.bertner.tokenizer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subword ids of words already encoded as host tokens. The tokenizers library encodes each word of a
 * pre-tokenized input on its own (normalizer, pre-tokenizer and model run per word, and a SentencePiece
 * {@code Metaspace} prefixes every word alike), so a word's ids do not depend on its neighbours and can be kept: the
 * words of running text repeat, and encoding them cost a tenth of a small model's time. Bounded: when it holds
 * {@link #CAPACITY} words it starts afresh. Thread-safe.
 */
final class WordEncodings {
    /** The most words kept, a few megabytes. */
    static final int CAPACITY = 1 << 16;

    private final Map<String, long[]> ids = new ConcurrentHashMap<>();

    /**
     * @param word a host token, as the tokenizer is given it
     * @return its subword ids, or null if not kept; the array is shared and must not be modified
     */
    long[] get(String word) {
        return ids.get(word);
    }

    /**
     * Keeps a word's ids.
     *
     * @param word the word
     * @param wordIds its subword ids, not modified afterwards
     */
    void put(String word, long[] wordIds) {
        if (ids.size() >= CAPACITY) {
            ids.clear();
        }
        ids.put(word, wordIds);
    }
}
