package io.github.bertner.cli;

import io.github.bertner.train.TrainingListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * What {@code train} shows while it runs: a progress bar over the steps with the epoch, the loss and the time left on a
 * terminal, each scored epoch and each note on a line of its own, and the log's lines.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final PrintWriter err;
    private final TrainingLog log;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private ProgressBar bar;
    private long firstStep = -1;

    TrainingProgress(PrintWriter err, TrainingLog log, boolean terminal) {
        this.err = err;
        this.log = log;
        this.terminal = terminal;
    }

    @Override
    public void step(long step, long totalSteps, double epoch, double loss, double gradNorm, double learningRate) {
        log.step(step, epoch, loss, gradNorm, learningRate);
        if (bar == null) {
            bar = new ProgressBar(err, totalSteps, "steps", terminal);
            firstStep = step - 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long left = (long) (seconds / (step - firstStep) * (totalSteps - step));
        bar.moveTo(step, String.format(Locale.ROOT, "epoch %.2f, loss %.4f, ETA %s", epoch, loss, duration(left)));
    }

    private static String duration(long seconds) {
        Duration left = Duration.ofSeconds(seconds);
        return left.toHours() > 0
                ? String.format(Locale.ROOT, "%dh%02dm", left.toHours(), left.toMinutesPart())
                : String.format(Locale.ROOT, "%dm%02ds", left.toMinutes(), left.toSecondsPart());
    }

    @Override
    public void evaluated(int epoch, double precision, double recall, double f1) {
        log.evaluated(epoch, precision, recall, f1);
        line(String.format(
                Locale.ROOT, "epoch %d: dev precision %.4f, recall %.4f, F1 %.4f", epoch, precision, recall, f1));
    }

    @Override
    public void note(String note) {
        line(note);
    }

    private void line(String text) {
        if (bar != null && terminal) {
            err.println();
        }
        err.println("bert-ner train: " + text);
        err.flush();
    }

    /** Ends the progress bar's line. */
    @Override
    public void close() {
        if (bar != null) {
            bar.finish();
        }
        err.flush();
    }
}
