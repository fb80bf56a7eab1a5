package io.github.bertner.conll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads CoNLL-style sentences: one token per line (token in the first column, further columns separated
 * by tabs, or by spaces on a line without a tab; see {@link ConllSentence#columns}), sentences separated
 * by blank lines. A {@code -DOCSTART-} line ends the sentence before it and is not a token; the sentence
 * after it has {@link ConllSentence#startsDocument()} set. Streams: only one sentence is held at a time.
 */
public final class ConllReader implements Iterator<ConllSentence> {
    /** The first column of a line that starts a document. */
    public static final String DOCUMENT_START = "-DOCSTART-";

    private final LineSource source;
    private int lineNumber;
    private boolean documentStartsNext;
    private ConllSentence next;

    /** Where the lines come from: for example {@code bufferedReader::readLine}. */
    @FunctionalInterface
    public interface LineSource {
        /**
         * @return the next line without terminator, or null at the end
         * @throws IOException if reading fails
         */
        String readLine() throws IOException;
    }

    /**
     * @param source the lines; the caller closes what they come from
     */
    public ConllReader(LineSource source) {
        this.source = source;
    }

    /**
     * Reads every sentence at once (for files that fit in memory).
     *
     * @param source the lines
     * @return all sentences
     * @throws UncheckedIOException if the source cannot be read
     */
    public static List<ConllSentence> readAll(LineSource source) {
        List<ConllSentence> sentences = new ArrayList<>();
        new ConllReader(source).forEachRemaining(sentences::add);
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
            boolean startsDocument = documentStartsNext;
            documentStartsNext = false;
            List<String> lines = new ArrayList<>();
            int first = 0;
            for (String line = source.readLine(); line != null; line = source.readLine()) {
                lineNumber++;
                String[] columns = ConllSentence.columns(line);
                if (columns.length > 0 && columns[0].equals(DOCUMENT_START)) {
                    if (lines.isEmpty()) {
                        startsDocument = true;
                        continue;
                    }
                    documentStartsNext = true;
                    break;
                }
                if (columns.length > 0) {
                    first = lines.isEmpty() ? lineNumber : first;
                    lines.add(line);
                } else if (!lines.isEmpty()) {
                    break;
                }
            }
            return lines.isEmpty() ? null : new ConllSentence(lines, first, startsDocument);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
