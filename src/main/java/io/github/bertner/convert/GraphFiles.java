package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.github.bertner.ModelLoadException;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.model.StagedDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing a converted graph: {@code model.onnx}, with its weights beside it in external data when they are large. */
public final class GraphFiles {
    /**
     * The version of the graph the converter writes; converted models cached under another version are
     * converted again.
     */
    public static final String VERSION = "6";

    /** Where a converted model's weights go when they are too large to be held in {@code model.onnx}. */
    public static final String EXTERNAL_DATA = "model.onnx_data";

    /** Builds a graph on a graph builder. */
    interface GraphWriter {
        ModelProto build(OnnxGraphBuilder graph) throws ModelLoadException;
    }

    /**
     * Writes {@code model.onnx} into {@code staging}, its weights in {@link #EXTERNAL_DATA} beside it when the
     * checkpoint's float32 weights take more than {@code externalDataBytes}.
     */
    static void write(
            StagedDirectory staged, Checkpoint weights, long externalDataBytes, String name, GraphWriter writer)
            throws ModelLoadException {
        boolean external = weights.float32Bytes() > externalDataBytes;
        try (ExternalData data = external ? new ExternalData(staged.resolve(EXTERNAL_DATA)) : null) {
            write(writer.build(new OnnxGraphBuilder(name, data)), staged.resolve(ModelFiles.MODEL_ONNX));
        } catch (IOException | UncheckedIOException e) {
            throw ModelLoadException.of(
                    staged.resolve(EXTERNAL_DATA),
                    "cannot be written",
                    e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e);
        }
    }

    /** Writes a graph to a file. */
    static void write(ModelProto model, Path file) throws ModelLoadException {
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        } catch (IOException e) {
            throw new ModelLoadException(file, "cannot be written: " + e.getMessage(), e);
        }
    }

    private GraphFiles() {}
}
