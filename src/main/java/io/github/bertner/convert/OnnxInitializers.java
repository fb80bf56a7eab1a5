package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the values of an ONNX model's initializers, held in the model (raw data or typed fields) or in an external
 * data file beside it, whose location is checked to stay in the model's directory and whose offset and length are
 * checked against the file.
 *
 * @param directory the model's directory, where external data files are
 */
record OnnxInitializers(Path directory) {

    /** Receives an initializer's values a chunk at a time: the elements from {@code offset} on. */
    @FunctionalInterface
    interface Chunks {
        void accept(long offset, FloatBuffer values);
    }

    /** Where an external initializer's bytes are. */
    private record Region(Path file, long offset, long length) {}

    /** The float32 values of a float initializer. */
    float[] floats(TensorProto tensor) throws ModelLoadException {
        if (tensor.getDataLocation() != TensorProto.DataLocation.EXTERNAL
                && tensor.getRawData().isEmpty()) {
            float[] values = new float[tensor.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
            return values;
        }
        ByteBuffer bytes = bytes(tensor);
        float[] values = new float[bytes.remaining() / 4];
        bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /**
     * The float32 values of a float initializer, {@code chunk} elements at a time (the last chunk may be shorter),
     * so that a large table is read without being held whole.
     */
    void floats(TensorProto tensor, int chunk, Chunks consumer) throws ModelLoadException {
        if (tensor.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
            float[] values = floats(tensor);
            for (int from = 0; from < values.length; from += chunk) {
                consumer.accept(
                        from,
                        FloatBuffer.wrap(values, from, Math.min(chunk, values.length - from))
                                .slice());
            }
            return;
        }
        Region region = region(tensor);
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
            long count = region.length() / 4;
            for (long from = 0; from < count; from += chunk) {
                int size = (int) Math.min(chunk, count - from);
                ByteBuffer bytes = ByteBuffer.allocate(size * 4).order(ByteOrder.LITTLE_ENDIAN);
                new TensorData.FileRegion(channel, region.offset() + from * 4, size * 4L).read(0, bytes);
                consumer.accept(from, bytes.flip().asFloatBuffer());
            }
        } catch (IOException e) {
            throw ModelLoadException.of(region.file(), "cannot be read", e);
        }
    }

    /** The initializer with its bytes in the model (for a model that holds its own data). */
    TensorProto inline(TensorProto tensor) throws ModelLoadException {
        if (tensor.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
            return tensor;
        }
        ByteBuffer bytes = bytes(tensor);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        return tensor.toBuilder()
                .clearExternalData()
                .clearDataLocation()
                .setRawData(UnsafeByteOperations.unsafeWrap(raw))
                .build();
    }

    private ByteBuffer bytes(TensorProto tensor) throws ModelLoadException {
        if (tensor.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
            return tensor.getRawData().asReadOnlyByteBuffer();
        }
        Region region = region(tensor);
        if (region.length() > Integer.MAX_VALUE) {
            throw new ModelLoadException(region.file(), "holds initializer " + tensor.getName() + " of more than 2 GB");
        }
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate((int) region.length());
            new TensorData.FileRegion(channel, region.offset(), region.length()).read(0, bytes);
            return bytes.flip();
        } catch (IOException e) {
            throw ModelLoadException.of(region.file(), "cannot be read", e);
        }
    }

    private Region region(TensorProto tensor) throws ModelLoadException {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto entry : tensor.getExternalDataList()) {
            switch (entry.getKey()) {
                case "location" -> location = entry.getValue();
                case "offset" -> offset = Long.parseLong(entry.getValue());
                case "length" -> length = Long.parseLong(entry.getValue());
                default -> {}
            }
        }
        if (location == null || location.contains("/") || location.contains("\\") || location.startsWith(".")) {
            throw new ModelLoadException(
                    directory, "initializer " + tensor.getName() + " names no external data file beside the model");
        }
        Path file = directory.resolve(location);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw ModelLoadException.of(file, "cannot be read", e);
        }
        if (length < 0) {
            length = size - offset;
        }
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new ModelLoadException(
                    file,
                    "holds no bytes [" + offset + ", " + (offset + length) + ") for initializer " + tensor.getName());
        }
        return new Region(file, offset, length);
    }
}
