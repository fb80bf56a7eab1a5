package io.github.bertner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines one at a time ({@code \n} or {@code \r\n} terminated) and decodes each strictly, so that
 * malformed bytes are reported with the input's name and the line they are on. A UTF-8 byte order mark at the
 * start of the input is not part of the first line. {@link #lineReady()} says whether a whole line can be read
 * without waiting for more input, so that a caller can batch what has arrived and answer before the next line
 * comes.
 */
final class LineReader implements AutoCloseable {
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final InputStream in;
    private final String name;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean ended;
    private int lineNumber;

    LineReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The input's name for messages: a file name or {@code standard input}. */
    String name() {
        return name;
    }

    /** The number of the line {@link #readLine()} returned last (1 for the first). */
    int lineNumber() {
        return lineNumber;
    }

    /**
     * The next line without terminator, or null at the end of the input.
     *
     * @throws MalformedLineException if the line is not valid UTF-8; the reader has moved past it
     * @throws IOException if the input cannot be read
     */
    String readLine() throws IOException {
        int end = newline();
        while (end < 0 && !ended) {
            fill();
            end = newline();
        }
        if (end < 0 && position == limit) {
            return null;
        }
        int lineEnd = end < 0 ? limit : end;
        int start = position;
        position = end < 0 ? limit : end + 1;
        lineNumber++;
        if (lineNumber == 1 && startsWithByteOrderMark(start, lineEnd)) {
            start += BYTE_ORDER_MARK.length;
        }
        int length = lineEnd - start;
        if (length > 0 && buffer[lineEnd - 1] == '\r') {
            length--;
        }
        try {
            return decoder.decode(ByteBuffer.wrap(buffer, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedLineException(name + ": line " + lineNumber + " is not valid UTF-8", e);
        }
    }

    /**
     * Whether {@link #readLine()} can return a line at once: a whole line (or the last, unterminated one) has
     * arrived, or the input has ended.
     *
     * @throws IOException if the input cannot be read
     */
    boolean lineReady() throws IOException {
        while (newline() < 0 && !ended) {
            if (in.available() <= 0) {
                return false;
            }
            fill();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private int newline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads more bytes: blocks until some arrive or the input ends. */
    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            ended = true;
        } else {
            limit += read;
        }
    }

    private boolean startsWithByteOrderMark(int start, int end) {
        return end - start >= BYTE_ORDER_MARK.length
                && Arrays.equals(buffer, start, start + BYTE_ORDER_MARK.length, BYTE_ORDER_MARK, 0, 3);
    }

    /** A line that is not valid UTF-8; the lines after it can still be read. */
    static final class MalformedLineException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedLineException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
