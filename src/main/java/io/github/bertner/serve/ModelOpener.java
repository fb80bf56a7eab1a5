package io.github.bertner.serve;

import io.github.bertner.ModelLoadException;
import io.github.bertner.Recognizer;

/** Loads a model the server hosts. */
@FunctionalInterface
public interface ModelOpener {
    /**
     * Loads a model.
     *
     * @param source the model's name and location
     * @return the loaded model
     * @throws ModelLoadException if it cannot be loaded
     */
    Recognizer open(NamedModel source) throws ModelLoadException;
}
