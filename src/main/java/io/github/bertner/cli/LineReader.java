package io.github.bertner.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;

/** Reads lines and counts them, so that a decoding error can name the file and line. */
final class LineReader {
    private final BufferedReader reader;
    private final String name;
    private int lineNumber;

    LineReader(BufferedReader reader, String name) {
        this.reader = reader;
        this.name = name;
    }

    /** The next line without terminator, or null at the end. */
    String readLine() throws IOException {
        try {
            String line = reader.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (CharacterCodingException e) {
            throw new IOException(name + ": line " + (lineNumber + 1) + " is not valid UTF-8", e);
        }
    }
}
