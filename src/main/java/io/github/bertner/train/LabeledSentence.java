package io.github.bertner.train;

import io.github.bertner.TokenSpan;
import java.util.Arrays;
import java.util.List;

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

    /**
     * A sentence whose entities are spans of its words: the first word of each labelled {@code B-TYPE}, the others
     * {@code I-TYPE}, every other word {@code O}.
     *
     * @param words the words
     * @param entities the entities: word indexes ({@code start} inclusive, {@code end} exclusive) and the entity type
     *     as {@code label}; their scores are not used
     * @param source where the sentence comes from, for messages
     * @param firstLine the line of the first word in {@code source}, 1-based (0 where it has no lines)
     * @return the sentence
     * @throws IllegalArgumentException naming the source when an entity is empty, lies outside the words, has no type or
     *     overlaps another
     */
    public static LabeledSentence ofEntities(String[] words, List<TokenSpan> entities, String source, int firstLine) {
        String[] labels = new String[words.length];
        Arrays.fill(labels, "O");
        for (TokenSpan entity : entities) {
            String where = firstLine > 0 ? source + ": line " + (firstLine + entity.start()) : source;
            if (entity.start() < 0 || entity.end() > words.length || entity.start() >= entity.end()) {
                throw new IllegalArgumentException(where + ": the entity [" + entity.start() + ", " + entity.end()
                        + ") does not lie within the sentence's " + words.length + " words");
            }
            String type = entity.label();
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException(where + ": an entity has no type");
            }
            for (int i = entity.start(); i < entity.end(); i++) {
                if (!labels[i].equals("O")) {
                    throw new IllegalArgumentException(where + ": the entities [" + entity.start() + ", " + entity.end()
                            + ") and another overlap at word " + i + "; each word has one label");
                }
                labels[i] = (i == entity.start() ? "B-" : "I-") + type;
            }
        }
        return new LabeledSentence(words, labels, source, firstLine);
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
