package io.github.bertner.conll;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads CoNLL-style sentences: one token per line (token in the first column, further columns
 * separated by tabs), sentences separated by blank lines. Streams: only one sentence is held at a time.
 */
public final class ConllReader implements Iterator<ConllSentence> {
    private final BufferedReader reader;
    private int lineNumber;
    private ConllSentence next;

    /**
     * @param reader the source; the caller closes it
     */
    public ConllReader(BufferedReader reader) {
        this.reader = reader;
    }

    /**
     * Reads every sentence at once (for files that fit in memory).
     *
     * @param reader the source
     * @return all sentences
     */
    public static List<ConllSentence> readAll(BufferedReader reader) {
        List<ConllSentence> sentences = new ArrayList<>();
        new ConllReader(reader).forEachRemaining(sentences::add);
        return sentences;
    }

    /**
     * @throws UncheckedIOException if the source cannot be read
     */
    @Override
    public boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public ConllSentence next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ConllSentence sentence = next;
        next = null;
        return sentence;
    }

    private ConllSentence read() {
        try {
            List<String> lines = new ArrayList<>();
            int first = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    first = lines.isEmpty() ? lineNumber : first;
                    lines.add(line);
                } else if (!lines.isEmpty()) {
                    break;
                }
            }
            return lines.isEmpty() ? null : new ConllSentence(lines, first);
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException("line " + (lineNumber + 1) + " is not valid UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading line " + (lineNumber + 1) + " failed: " + e.getMessage(), e);
        }
    }
}
