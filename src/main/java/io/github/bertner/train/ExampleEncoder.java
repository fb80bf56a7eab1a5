package io.github.bertner.train;

import io.github.bertner.convert.TrainingGraph;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.Subwords;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns labelled sentences into training sequences as transformers' {@code run_ner.py} does with
 * {@code is_split_into_words=True}: the words go through the model's tokenizer, each word's label goes on its first
 * sub-token, and its other sub-tokens and the special tokens are ignored. A sentence longer than the model's maximum
 * is cut between words into consecutive pieces that fit, each a sequence of its own, so that every word is trained
 * on once (a single word longer than the maximum keeps its first sub-tokens). A word the tokenizer gives no sub-token
 * (a lone control character) carries no label, as in transformers.
 */
final class ExampleEncoder {
    private final SubwordEncoder tokenizer;
    private final long[] prefix;
    private final long[] suffix;
    private final int capacity;
    private final TrainingLabels labels;

    /**
     * @param tokenizer the model's tokenizer
     * @param maxPositions the longest sequence the model takes, special tokens included
     * @param labels the label ids
     */
    ExampleEncoder(SubwordEncoder tokenizer, int maxPositions, TrainingLabels labels) {
        this.tokenizer = tokenizer;
        this.prefix = tokenizer.prefixIds();
        this.suffix = tokenizer.suffixIds();
        this.capacity = maxPositions - prefix.length - suffix.length;
        this.labels = labels;
    }

    /** The sequences of a sentence: none for a sentence without words. */
    List<Example> encode(LabeledSentence sentence) {
        String[] words = sentence.words();
        String[] wordLabels = sentence.labels();
        List<Example> examples = new ArrayList<>();
        if (words.length == 0) {
            return examples;
        }
        Subwords subwords = tokenizer.encodeWords(words);
        int start = 0;
        while (start < subwords.size()) {
            int end = windowEnd(subwords, start);
            examples.add(example(subwords, start, end, wordLabels));
            start = nextWordStart(subwords, end);
        }
        return examples;
    }

    /** The end of the window from {@code start}: the last whole word that fits, or the capacity within one word. */
    private int windowEnd(Subwords subwords, int start) {
        int limit = Math.min(subwords.size(), start + capacity);
        if (limit == subwords.size()) {
            return limit;
        }
        int[] wordIds = subwords.wordIds();
        int end = limit;
        while (end > start && wordIds[end] == wordIds[end - 1]) {
            end--;
        }
        return end > start ? end : limit;
    }

    /** The first sub-token at or after {@code from} that begins a word. */
    private static int nextWordStart(Subwords subwords, int from) {
        int[] wordIds = subwords.wordIds();
        int next = from;
        while (next < subwords.size() && next > 0 && wordIds[next] == wordIds[next - 1]) {
            next++;
        }
        return next;
    }

    private Example example(Subwords subwords, int start, int end, String[] wordLabels) {
        int length = prefix.length + (end - start) + suffix.length;
        long[] ids = new long[length];
        long[] tokenLabels = new long[length];
        java.util.Arrays.fill(tokenLabels, TrainingGraph.IGNORED);
        System.arraycopy(prefix, 0, ids, 0, prefix.length);
        long[] subwordIds = subwords.ids();
        int[] wordIds = subwords.wordIds();
        for (int i = start; i < end; i++) {
            int position = prefix.length + i - start;
            ids[position] = subwordIds[i];
            if (i == 0 || wordIds[i] != wordIds[i - 1]) {
                tokenLabels[position] = labels.id(wordLabels[wordIds[i]]);
            }
        }
        System.arraycopy(suffix, 0, ids, length - suffix.length, suffix.length);
        return new Example(ids, tokenLabels);
    }
}
