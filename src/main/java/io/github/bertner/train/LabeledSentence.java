package io.github.bertner.train;

import java.util.Arrays;

/**
 * A sentence of training data: its words and the BIO label of each.
 *
 * @param words the words, as the data splits them
 * @param labels one label per word: {@code O}, {@code B-TYPE} or {@code I-TYPE} (IOB1 and BIOES are converted)
 * @param source where the sentence comes from (a file), for messages
 * @param firstLine the line of the first word in {@code source}, 1-based (0 where the source has no lines)
 */
public record LabeledSentence(String[] words, String[] labels, String source, int firstLine) {

    /**
     * Checks that every word has one label.
     *
     * @throws IllegalArgumentException naming the source when the counts differ
     */
    public LabeledSentence {
        if (words.length != labels.length) {
            throw new IllegalArgumentException(
                    source + " line " + firstLine + ": " + words.length + " words but " + labels.length + " labels");
        }
        words = words.clone();
        labels = labels.clone();
    }

    /** Where a word is, for messages: {@code FILE: line N}, as {@code evaluate} names a line. */
    String where(int word) {
        return firstLine > 0 ? source + ": line " + (firstLine + word) : source;
    }

    /** The same sentence with other labels. */
    LabeledSentence withLabels(String[] replaced) {
        return new LabeledSentence(words, replaced, source, firstLine);
    }

    @Override
    public String[] words() {
        return words.clone();
    }

    @Override
    public String[] labels() {
        return labels.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabeledSentence sentence
                && Arrays.equals(words, sentence.words)
                && Arrays.equals(labels, sentence.labels)
                && source.equals(sentence.source)
                && firstLine == sentence.firstLine;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(words) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return where(0) + ": " + String.join(" ", words);
    }
}
