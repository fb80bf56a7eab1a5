package io.github.bertner.cli;

import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Reads a CoNLL-style file (or standard input) as strictly decoded UTF-8, for the commands that read gold data. */
final class ConllInput {
    private ConllInput() {}

    /**
     * The sentences of a file: at least one.
     *
     * @param data the file, or {@code -} for standard input
     * @return its sentences
     * @throws IOException naming the file (and the line) that cannot be read, is not UTF-8 or holds no sentences
     */
    static List<ConllSentence> read(Path data) throws IOException {
        List<ConllSentence> sentences;
        try (LineReader reader = TextInput.open(data)) {
            sentences = ConllReader.readAll(reader::readLine);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) {
            throw new IOException(data + ": " + e.getMessage(), e);
        }
        if (sentences.isEmpty()) {
            throw new IOException(data + ": holds no sentences (expected CoNLL-style lines: a token, further columns"
                    + " and its BIO label, a blank line between sentences)");
        }
        return sentences;
    }

    /**
     * The sentences of a file, each made into what the command needs; a sentence that cannot be (a line without a
     * label column, a label that is not one) is refused with the file's name.
     *
     * @param data the file, or {@code -} for standard input
     * @param each makes a sentence into the command's item, throwing {@link IllegalArgumentException} with the line
     * @return the items, in the file's order
     * @throws IOException naming the file (and the line) that cannot be read or used
     */
    static <T> List<T> read(Path data, Function<ConllSentence, T> each) throws IOException {
        List<ConllSentence> sentences = read(data);
        List<T> items = new ArrayList<>(sentences.size());
        try {
            for (ConllSentence sentence : sentences) {
                items.add(each.apply(sentence));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(data + ": " + e.getMessage(), e);
        }
        return items;
    }
}
