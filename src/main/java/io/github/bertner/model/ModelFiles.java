package io.github.bertner.model;

import io.github.bertner.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files of a model directory in the Hugging Face ONNX export layout: {@code config.json} and the ONNX graph
 * ({@code model.onnx} or {@code model_quantized.onnx}, in the directory itself or in its {@code onnx/} sub-folder).
 * The tokenizer beside them ({@code tokenizer.json}, or the original tokenizer files) is found by
 * {@link io.github.bertner.tokenizer.TokenizerDefinition#of(Path)}.
 *
 * @param directory the model directory
 * @param config {@code config.json}
 * @param onnxModel the ONNX graph to load
 */
public record ModelFiles(Path directory, Path config, Path onnxModel) {

    /** File name of the fp32 graph. */
    public static final String MODEL_ONNX = "model.onnx";
    /** File name of the int8 graph. */
    public static final String QUANTIZED_ONNX = "model_quantized.onnx";
    /**
     * The key of a graph's metadata that says, with the value {@link #SEQUENCE_NUMBERS}, that its
     * {@code attention_mask} may number the sequences packed one after another into a row ({@code 1, 2, …}, 0 for
     * padding), each getting the logits it gets alone. bert-ner's converter writes it.
     */
    public static final String PACKING_METADATA = "bert-ner.packing";
    /** The value of {@link #PACKING_METADATA} for a graph that takes sequence numbers. */
    public static final String SEQUENCE_NUMBERS = "sequence-numbers";

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
        return new ModelFiles(directory, config, onnx(directory, quantized));
    }

    /**
     * The ONNX graph of a model directory: {@code model.onnx} or {@code model_quantized.onnx}, in the directory or in
     * its {@code onnx/} sub-folder.
     *
     * @param directory the model directory
     * @param quantized whether to select {@code model_quantized.onnx}
     * @return the graph's file
     * @throws ModelLoadException naming the missing file
     */
    public static Path onnx(Path directory, boolean quantized) throws ModelLoadException {
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
}
