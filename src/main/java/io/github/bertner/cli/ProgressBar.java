package io.github.bertner.cli;

import java.io.PrintWriter;

/** A one-line progress bar on standard error, redrawn in place; silent when disabled. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final int total;
    private final boolean enabled;
    private int done;

    ProgressBar(PrintWriter err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled && total > 0;
    }

    void advance(int count) {
        done += count;
        if (enabled) {
            int filled = (int) ((long) WIDTH * done / total);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " sentences");
            err.flush();
        }
    }

    void finish() {
        if (enabled) {
            err.println();
            err.flush();
        }
    }
}
