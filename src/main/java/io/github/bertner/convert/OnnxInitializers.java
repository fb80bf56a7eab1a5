package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
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

    /** The initializer with its bytes in the model (for a model that holds its own data). */
    TensorProto inline(TensorProto tensor) throws ModelLoadException {
        if (tensor.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
            return tensor;
        }
        return tensor.toBuilder()
                .clearExternalData()
                .setDataLocation(TensorProto.DataLocation.DEFAULT)
                .setRawData(ByteString.copyFrom(bytes(tensor)))
                .build();
    }

    private ByteBuffer bytes(TensorProto tensor) throws ModelLoadException {
        if (tensor.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
            return tensor.getRawData().asReadOnlyByteBuffer();
        }
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
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (length < 0) {
                length = channel.size() - offset;
            }
            if (offset < 0 || offset + length > channel.size() || length > Integer.MAX_VALUE) {
                throw new ModelLoadException(
                        file,
                        "holds no bytes [" + offset + ", " + (offset + length) + ") for initializer "
                                + tensor.getName());
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) length);
            new TensorData.FileRegion(channel, offset, length).read(0, bytes);
            return bytes.flip();
        } catch (IOException e) {
            throw ModelLoadException.of(file, "cannot be read", e);
        }
    }
}
