package io.github.bertner;

import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Loads recognizers: the one place where models are loaded, whichever kind they are. A fine-tuned token classifier
 * ({@link ModelKind#TOKEN_CLASSIFICATION}) and a zero-shot GLiNER span model ({@code gliner_config.json},
 * {@link ModelKind#ZERO_SHOT_SPANS}) come back as the same {@link Recognizer}.
 *
 * <p>A location is a local directory (an ONNX export used as it is, or a checkpoint converted once into the
 * conversion cache), a Hub repository ({@code hf:ORG/NAME}, fetched and converted where needed) or a class-path
 * folder ({@link ModelLocation#DEMO}); see {@link ModelLocation}.
 */
public final class Recognizers {
    private Recognizers() {}

    /**
     * Loads a model with the default configuration.
     *
     * @param location where the model is
     * @return the recognizer
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     */
    public static Recognizer load(ModelLocation location) throws ModelLoadException {
        return load(location, RecognizerConfig.defaults());
    }

    /**
     * Loads a model from a local directory: an ONNX export as it is, or a checkpoint converted first.
     *
     * @param directory the model's directory
     * @param config how to load and run it
     * @return the recognizer
     * @throws ModelLoadException naming the missing or invalid file
     * @throws IllegalArgumentException if the directory is null, or the configured stride does not fit the model
     */
    public static Recognizer load(Path directory, RecognizerConfig config) throws ModelLoadException {
        if (directory == null) {
            throw new IllegalArgumentException("directory is null");
        }
        return load(ModelLocation.directory(directory), config);
    }

    /**
     * Loads a model.
     *
     * @param location where the model is
     * @param config how to load and run it
     * @return the recognizer
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     * @throws IllegalArgumentException if an argument is null, or the configured stride does not fit the model
     */
    public static Recognizer load(ModelLocation location, RecognizerConfig config) throws ModelLoadException {
        if (location == null) {
            throw new IllegalArgumentException("location is null");
        }
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        return provider().load(location, config);
    }

    /**
     * The model directory of a location, fetched, extracted and converted where needed: what a caller that ships a
     * model to other machines (a Spark job) copies, and what {@link #load(Path, RecognizerConfig)} loads as it is.
     *
     * @param location where the model is
     * @param quantized whether the int8 model is wanted
     * @return the model directory
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     */
    public static Path resolve(ModelLocation location, boolean quantized) throws ModelLoadException {
        if (location == null) {
            throw new IllegalArgumentException("location is null");
        }
        return provider().resolve(location, quantized);
    }

    /**
     * The checkpoint directory of a base model, for training: a local checkpoint directory as it is, or a Hugging
     * Face Hub repository's checkpoint files (its {@code config.json}, weights and tokenizer files; not an ONNX export)
     * fetched into the Hub cache, or a class-path model's copy (the demo model is a checkpoint). An ONNX export and a
     * GLiNER model have no weights to
     * train and are refused.
     *
     * @param location where the base model is
     * @return a directory with {@code config.json}, the weights and the tokenizer
     * @throws ModelLoadException naming the location that has no checkpoint weights or is a GLiNER model
     */
    public static Path checkpoint(ModelLocation location) throws ModelLoadException {
        if (location == null) {
            throw new IllegalArgumentException("location is null");
        }
        return provider().checkpoint(location);
    }

    private static RecognizerProvider provider() {
        return ServiceLoader.load(RecognizerProvider.class, RecognizerProvider.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("bert-ner's model loader is missing: no "
                        + RecognizerProvider.class.getName() + " in META-INF/services on the class path (a jar"
                        + " that merges bert-ner into it must merge its service files)"));
    }
}
