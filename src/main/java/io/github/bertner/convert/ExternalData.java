package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file beside an ONNX model that holds its initializers' bytes ({@code model.onnx_data}, as Optimum and the
 * onnx library name it), for a model past protobuf's 2 GB: each tensor is appended as it is made, so a
 * conversion holds one tensor at a time, and the model refers to it by offset and length. Offsets of tensors of a
 * megabyte and more are aligned to 4096 bytes, as the onnx library aligns them, so that ONNX Runtime can map them.
 */
final class ExternalData implements AutoCloseable {
    private static final long ALIGNMENT = 4096;
    private static final long ALIGN_FROM = 1 << 20;

    private final String location;
    private final FileChannel channel;
    private long position;

    /** Creates the file (it must not exist); the model refers to it by its name, beside the model. */
    ExternalData(Path file) throws IOException {
        this.location = file.getFileName().toString();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Writes one tensor's bytes, with {@link #append}. */
    @FunctionalInterface
    interface TensorBytes {
        void writeTo(ExternalData file) throws IOException;
    }

    /**
     * Appends a tensor of {@code length} bytes, which {@code bytes} writes, and makes {@code tensor} refer to them.
     */
    void add(TensorProto.Builder tensor, long length, TensorBytes bytes) throws IOException {
        long offset = begin(length);
        bytes.writeTo(this);
        tensor.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", Long.toString(offset)))
                .addExternalData(entry("length", Long.toString(length)));
    }

    /** Starts a tensor of {@code bytes} bytes and returns where it begins. */
    private long begin(long bytes) throws IOException {
        if (bytes >= ALIGN_FROM && position % ALIGNMENT != 0) {
            long padding = ALIGNMENT - position % ALIGNMENT;
            channel.write(ByteBuffer.allocate((int) padding), position);
            position += padding;
        }
        return position;
    }

    /** Appends bytes of the tensor being added. */
    void append(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
