package io.github.bertner;

import java.nio.file.Path;

/**
 * What {@link Recognizers} loads models with: bert-ner's own loader, found through {@link java.util.ServiceLoader}
 * so that this package, the API, depends on none of the packages that implement it. Applications do not implement
 * it; they call {@link Recognizers}.
 */
public interface RecognizerProvider {

    /**
     * Loads a model of either kind, fetching, extracting and converting it first where needed.
     *
     * @param location where the model is
     * @param config how to load and run it
     * @return the recognizer
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     */
    Recognizer load(ModelLocation location, RecognizerConfig config) throws ModelLoadException;

    /**
     * The model directory of a location, fetched, extracted and converted where needed.
     *
     * @param location where the model is
     * @param quantized whether the int8 model is wanted
     * @return a directory that {@link #load} loads as it is
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     */
    Path resolve(ModelLocation location, boolean quantized) throws ModelLoadException;

    /**
     * The checkpoint directory of a location, for training: a local checkpoint as it is, or a Hub repository's
     * checkpoint files fetched (never converted).
     *
     * @param location where the base model is
     * @return a directory with {@code config.json}, the weights and the tokenizer
     * @throws ModelLoadException naming the location that has no checkpoint weights or is a GLiNER model
     */
    Path checkpoint(ModelLocation location) throws ModelLoadException;
}
