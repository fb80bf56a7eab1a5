package io.github.bertner.train;

/** A run that cannot go on: the loss stopped being a finite number. Nothing was written past the last checkpoint. */
public final class TrainingFailed extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, and what to try */
    public TrainingFailed(String message) {
        super(message);
    }
}
