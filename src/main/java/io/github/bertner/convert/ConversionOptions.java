package io.github.bertner.convert;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@link CheckpointConverter#convert} converts a checkpoint.
 *
 * @param backbone for a GLiNER checkpoint without a tokenizer or encoder config of its own: a directory with its
 *     backbone's files (GLiNER's {@code model_name}); empty to use the checkpoint's own
 * @param quantize whether to write the int8 model ({@code model_quantized.onnx}) beside the float one
 * @param externalDataBytes the float32 weight size in bytes above which the weights go to
 *     {@link GraphFiles#EXTERNAL_DATA} beside the graph (ONNX files are limited to 2 GiB)
 */
public record ConversionOptions(Optional<Path> backbone, boolean quantize, long externalDataBytes) {
    /**
     * Models whose float32 weights take more than this are written with external data: protobuf cannot hold 2 GB,
     * and a conversion then writes the weights one tensor at a time rather than building the model in memory.
     */
    public static final long EXTERNAL_DATA_BYTES = 1L << 30;

    /** The checkpoint's own files, no int8 model, weights inside the graph up to 1 GiB. */
    public static final ConversionOptions DEFAULTS =
            new ConversionOptions(Optional.empty(), false, EXTERNAL_DATA_BYTES);

    /** Checks the options. */
    public ConversionOptions {
        if (backbone == null) {
            throw new IllegalArgumentException(
                    "backbone is null: pass Optional.empty() for the checkpoint's own files");
        }
        if (externalDataBytes < 0) {
            throw new IllegalArgumentException("externalDataBytes must not be negative, was " + externalDataBytes);
        }
    }

    /**
     * These options with a backbone.
     *
     * @param directory the backbone's files, or empty
     * @return the options
     */
    public ConversionOptions withBackbone(Optional<Path> directory) {
        return new ConversionOptions(directory, quantize, externalDataBytes);
    }

    /**
     * These options with or without the int8 model.
     *
     * @param value whether to write it
     * @return the options
     */
    public ConversionOptions withQuantize(boolean value) {
        return new ConversionOptions(backbone, value, externalDataBytes);
    }

    /**
     * These options with another size above which weights go to external data.
     *
     * @param bytes the size, in bytes of float32 weights
     * @return the options
     */
    public ConversionOptions withExternalDataBytes(long bytes) {
        return new ConversionOptions(backbone, quantize, bytes);
    }
}
