package io.github.bertner.cli;

import io.github.bertner.hub.DownloadProgress;
import java.io.PrintWriter;

/** Shows each large download from the Hub as a progress bar in megabytes, on a terminal only. */
final class DownloadProgressBar implements DownloadProgress {
    private static final long MEGABYTE = 1_000_000;
    private static final long LARGE = 10 * MEGABYTE;
    private final PrintWriter err;
    private final boolean terminal;
    private ProgressBar bar;

    DownloadProgressBar(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void started(String file, long bytes) {
        boolean shown = terminal && bytes >= LARGE;
        if (shown) {
            err.println("Downloading " + file);
        }
        bar = new ProgressBar(err, bytes / MEGABYTE, "MB", shown);
    }

    @Override
    public void advanced(long bytes) {
        bar.moveTo(bytes / MEGABYTE);
    }

    @Override
    public void finished() {
        bar.finish();
    }
}
