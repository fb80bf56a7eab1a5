package io.github.bertner.cli;

import java.io.PrintWriter;

/** A one-line progress bar on standard error, redrawn in place when it changes; silent when disabled. */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final long total;
    private final String unit;
    private final boolean enabled;
    private long done;
    private String drawn = "";

    ProgressBar(PrintWriter err, long total, String unit, boolean enabled) {
        this.err = err;
        this.total = total;
        this.unit = unit;
        this.enabled = enabled && total > 0;
    }

    void advance(long count) {
        moveTo(done + count);
    }

    void moveTo(long position) {
        moveTo(position, "");
    }

    /** Moves to a position and shows a status after the count ({@code loss 0.41, ETA 3 min}). */
    void moveTo(long position, String status) {
        done = position;
        if (enabled) {
            int filled = (int) Math.min(WIDTH, WIDTH * done / total);
            String line = "\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total + " "
                    + unit + (status.isEmpty() ? "" : " " + status);
            if (!line.equals(drawn)) {
                err.print(line);
                err.flush();
                drawn = line;
            }
        }
    }

    void finish() {
        if (enabled) {
            err.println();
            err.flush();
        }
    }
}
