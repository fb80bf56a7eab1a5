package io.github.bertner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of a model directory in the Hugging Face ONNX export layout: {@code config.json}, the
 * tokenizer ({@code tokenizer.json}, or {@code vocab.txt} with an optional {@code tokenizer_config.json})
 * and the ONNX graph ({@code model.onnx} or {@code model_quantized.onnx}, in the directory itself or in
 * its {@code onnx/} sub-folder).
 *
 * @param directory the model directory
 * @param config {@code config.json}
 * @param tokenizerJson {@code tokenizer.json}, if present
 * @param vocabulary {@code vocab.txt}, used only where there is no {@code tokenizer.json}
 * @param tokenizerConfig {@code tokenizer_config.json}, if present
 * @param onnxModel the ONNX graph to load
 */
public record ModelFiles(
        Path directory,
        Path config,
        Optional<Path> tokenizerJson,
        Optional<Path> vocabulary,
        Optional<Path> tokenizerConfig,
        Path onnxModel) {

    /** File name of the fp32 graph. */
    public static final String MODEL_ONNX = "model.onnx";
    /** File name of the int8 graph. */
    public static final String QUANTIZED_ONNX = "model_quantized.onnx";

    /**
     * Finds the files of a model directory.
     *
     * @param directory the model directory
     * @param quantized whether to select {@code model_quantized.onnx}
     * @return the located files
     * @throws ModelLoadException naming the missing file or folder
     */
    public static ModelFiles locate(Path directory, boolean quantized) throws ModelLoadException {
        if (!Files.isDirectory(directory)) {
            throw new ModelLoadException(directory, "is not a model directory (no such folder)");
        }
        Path config = required(directory.resolve("config.json"), "the model's config.json (with id2label) is missing");
        Optional<Path> tokenizerJson = optional(directory.resolve("tokenizer.json"));
        Optional<Path> vocabulary = optional(directory.resolve("vocab.txt"));
        if (tokenizerJson.isEmpty() && vocabulary.isEmpty()) {
            throw new ModelLoadException(
                    directory.resolve("tokenizer.json"),
                    "missing, and there is no vocab.txt to build a WordPiece tokenizer from");
        }
        Optional<Path> tokenizerConfig = optional(directory.resolve("tokenizer_config.json"));
        return new ModelFiles(
                directory, config, tokenizerJson, vocabulary, tokenizerConfig, onnx(directory, quantized));
    }

    private static Path onnx(Path directory, boolean quantized) throws ModelLoadException {
        String name = quantized ? QUANTIZED_ONNX : MODEL_ONNX;
        for (Path candidate :
                new Path[] {directory.resolve(name), directory.resolve("onnx").resolve(name)}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        String hint = quantized ? " (this model may have no quantized export; run without the quantized option)" : "";
        throw new ModelLoadException(directory.resolve(name), "missing, and not in onnx/ either" + hint);
    }

    private static Path required(Path file, String problem) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file, problem);
        }
        return file;
    }

    private static Optional<Path> optional(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
