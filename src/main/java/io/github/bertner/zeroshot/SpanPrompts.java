package io.github.bertner.zeroshot;

import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.Subwords;
import java.util.ArrayList;
import java.util.List;

/**
 * GLiNER's inputs: the words {@code <<ENT>> type1 <<ENT>> type2 … <<SEP>>} and then the text's words, tokenized
 * together as pre-split words, between the tokenizer's special tokens; {@code words_mask} marks the first sub-token of
 * each text word with its 1-based number, counted as GLiNER counts it: over the words that have sub-tokens (a word
 * the tokenizer gives none, such as a lone zero-width space, moves the words after it one place forward, as in
 * GLiNER).
 */
final class SpanPrompts {
    private final SubwordEncoder encoder;
    private final String entityToken;
    private final String separatorToken;
    private final long[] prefix;
    private final long[] suffix;

    SpanPrompts(SubwordEncoder encoder, String entityToken, String separatorToken) {
        this.encoder = encoder;
        this.entityToken = entityToken;
        this.separatorToken = separatorToken;
        this.prefix = encoder.prefixIds();
        this.suffix = encoder.suffixIds();
    }

    /** The special tokens around every input. */
    int specialTokens() {
        return prefix.length + suffix.length;
    }

    /** The prompt's words for some types. */
    private List<String> promptWords(List<String> types) {
        List<String> words = new ArrayList<>(2 * types.size() + 1);
        for (String type : types) {
            words.add(entityToken);
            words.add(type);
        }
        words.add(separatorToken);
        return words;
    }

    /** The sub-tokens each type adds to a prompt (its marker and its name); the separator adds one more. */
    int[] typeTokens(List<String> types) {
        int[] perWord = wordTokens(promptWords(types).toArray(String[]::new));
        int[] perType = new int[types.size()];
        for (int t = 0; t < perType.length; t++) {
            perType[t] = perWord[2 * t] + perWord[2 * t + 1];
        }
        return perType;
    }

    /** The sub-tokens of each word. */
    int[] wordTokens(String[] words) {
        int[] counts = new int[words.length];
        for (int wordId : encoder.encodeWords(words).wordIds()) {
            counts[wordId]++;
        }
        return counts;
    }

    /** The input for some types and words. */
    SpanInput input(List<String> types, List<String> words) {
        List<String> all = promptWords(types);
        int promptLength = all.size();
        all.addAll(words);
        Subwords subwords = encoder.encodeWords(all.toArray(String[]::new));
        int length = prefix.length + subwords.size() + suffix.length;
        long[] ids = new long[length];
        long[] wordsMask = new long[length];
        System.arraycopy(prefix, 0, ids, 0, prefix.length);
        System.arraycopy(subwords.ids(), 0, ids, prefix.length, subwords.size());
        System.arraycopy(suffix, 0, ids, prefix.length + subwords.size(), suffix.length);
        int last = -1;
        int seen = 0;
        for (int i = 0; i < subwords.size(); i++) {
            int word = subwords.wordIds()[i];
            if (word != last) {
                seen++;
                if (seen > promptLength) {
                    wordsMask[prefix.length + i] = seen - promptLength;
                }
            }
            last = word;
        }
        return new SpanInput(ids, wordsMask, words.size(), types.size());
    }
}
