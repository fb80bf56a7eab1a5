package io.github.bertner;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model cannot be used: a file of its directory is missing, unreadable or does not fit the others, a
 * checkpoint cannot be converted, or a Hugging Face Hub repository cannot be fetched.
 */
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
     * @param subject what is missing or invalid when it is not a local file, such as a Hub repository
     * @param problem what was wrong with it, as a sentence fragment
     */
    public ModelLoadException(String subject, String problem) {
        super(subject + ": " + problem);
    }

    /**
     * @param subject what is missing or invalid when it is not a local file, such as a Hub repository
     * @param problem what was wrong with it, as a sentence fragment
     * @param cause the underlying failure
     */
    public ModelLoadException(String subject, String problem, Throwable cause) {
        super(subject + ": " + problem, cause);
    }

    /**
     * @param file the file that is missing or invalid
     * @param problem what was wrong with it, as a sentence fragment
     * @param cause the underlying failure
     */
    public ModelLoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /**
     * The failure of an input or output step on a model file, as a {@code ModelLoadException}: the
     * exception itself if it already is one, else a new one naming the file and the step.
     *
     * @param file the file being read or written
     * @param step what failed, for example {@code "cannot be read"}
     * @param e the failure
     * @return the exception to throw
     */
    public static ModelLoadException of(Path file, String step, IOException e) {
        return e instanceof ModelLoadException m ? m : new ModelLoadException(file, step + ": " + e.getMessage(), e);
    }
}
