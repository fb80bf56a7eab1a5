package io.github.bertner.train;

import java.nio.file.Path;

/** A run stopped on request; its state was saved, and {@code --resume} continues it. */
public final class TrainingStopped extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param step the steps taken
     * @param checkpoint where the state was saved
     */
    public TrainingStopped(long step, Path checkpoint) {
        super("stopped after step " + step + "; the state is saved in " + checkpoint + ": --resume continues");
    }
}
