package io.github.bertner.cli;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Flushes a command's output and turns a failed write into an error: a {@link PrintWriter} over standard output
 * only records that a write failed (a full disk, a reader that closed the pipe), and a command that did not look
 * would report success with its output lost.
 */
final class Output {
    private Output() {}

    /**
     * Flushes and checks.
     *
     * @param out the command's output
     * @throws IOException if any write to it failed
     */
    static void flush(PrintWriter out) throws IOException {
        out.flush();
        if (out.checkError()) {
            throw new IOException("cannot write the output (standard output is full, closed or not writable)");
        }
    }
}
