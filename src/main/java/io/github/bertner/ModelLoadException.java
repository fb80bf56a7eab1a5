package io.github.bertner;

import java.io.IOException;
import java.nio.file.Path;

/** A model directory cannot be used: a file is missing, unreadable or does not fit the others. */
public class ModelLoadException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file that is missing or invalid
     * @param problem what was wrong with it, as a sentence fragment
     */
    public ModelLoadException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /**
     * @param file the file that is missing or invalid
     * @param problem what was wrong with it, as a sentence fragment
     * @param cause the underlying failure
     */
    public ModelLoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
