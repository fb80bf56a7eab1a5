package io.github.bertner.cli;

import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

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
}
