package io.github.bertner.train;

import java.util.Locale;
import org.slf4j.Logger;

/** Told how a training run goes: each step, each epoch's dev scores, and notes worth a line. Called on one thread. */
public interface TrainingListener {
    /**
     * One optimizer step was taken.
     *
     * @param step the steps taken so far, from 1
     * @param totalSteps all steps of the run, were it not to stop early
     * @param epoch the epochs done, fractional ({@code 1.5}: half-way through the second)
     * @param loss the step's loss: the mean cross-entropy over its batch's labelled tokens
     * @param gradNorm the global gradient norm before clipping
     * @param learningRate the rate the step used
     */
    default void step(long step, long totalSteps, double epoch, double loss, double gradNorm, double learningRate) {}

    /**
     * An epoch ended and was scored on the dev data (entity precision, recall and F1, as {@code evaluate} gives them).
     *
     * @param epoch the epoch, from 1
     * @param precision entity precision
     * @param recall entity recall
     * @param f1 entity F1
     */
    default void evaluated(int epoch, double precision, double recall, double f1) {}

    /**
     * Something the user should know, in one line (a new classifier, converted labels, early stopping).
     *
     * @param line the line
     */
    default void note(String line) {}

    /**
     * A listener that writes the notes and each epoch's dev scores to a log at INFO, and each step at DEBUG.
     *
     * @param log the log
     * @param prefix what each line starts with, such as the model's name
     * @return the listener
     */
    static TrainingListener logging(Logger log, String prefix) {
        return new TrainingListener() {
            @Override
            public void step(long step, long totalSteps, double epoch, double loss, double gradNorm, double rate) {
                if (log.isDebugEnabled()) {
                    log.debug(String.format(Locale.ROOT, "%sstep %d of %d, loss %.4f", prefix, step, totalSteps, loss));
                }
            }

            @Override
            public void evaluated(int epoch, double precision, double recall, double f1) {
                log.info(String.format(
                        Locale.ROOT,
                        "%sepoch %d: dev precision %.4f, recall %.4f, F1 %.4f",
                        prefix,
                        epoch,
                        precision,
                        recall,
                        f1));
            }

            @Override
            public void note(String line) {
                log.info("{}{}", prefix, line);
            }
        };
    }
}
