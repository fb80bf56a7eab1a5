package io.github.bertner.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Float32 tensors written to and read from a {@code .safetensors} file, as transformers' {@code save_pretrained}
 * writes them: the header names each tensor's dtype, shape and byte range, padded with spaces to 8 bytes, and its
 * {@code __metadata__} says {@code "format": "pt"}. Reading goes through {@link SafetensorsReader}'s checks.
 */
public final class SafetensorsFile {
    private static final int CHUNK_FLOATS = 1 << 20;

    private SafetensorsFile() {}

    /**
     * A tensor to write.
     *
     * @param shape its shape
     * @param values its values, row-major, from position 0 to the limit; asked for when the tensor is written, so that
     *     values computed for writing (a transpose) are held one tensor at a time
     */
    public record Tensor(long[] shape, Supplier<FloatBuffer> values) {

        /** A tensor whose values are at hand. */
        public static Tensor of(long[] shape, FloatBuffer values) {
            return new Tensor(shape, () -> values);
        }
    }

    /**
     * Writes tensors in the given order.
     *
     * @param file the file to create or replace
     * @param tensors the tensors by name
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            Tensor tensor = entry.getValue();
            long bytes = 4L * CheckpointTensor.elementCount(tensor.shape());
            ObjectNode description = header.putObject(entry.getKey());
            description.put("dtype", "F32");
            ArrayNode shape = description.putArray("shape");
            for (long dimension : tensor.shape()) {
                shape.add(dimension);
            }
            description.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] text = json.writeValueAsBytes(header);
        int padded = (text.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(text);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(channel, head.flip());
            ByteBuffer chunk = ByteBuffer.allocate(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
                FloatBuffer values = entry.getValue().values().get().duplicate().position(0);
                if (values.remaining()
                        != CheckpointTensor.elementCount(entry.getValue().shape())) {
                    throw new IllegalArgumentException(
                            "tensor " + entry.getKey() + " has " + values.remaining() + " values for its shape");
                }
                while (values.hasRemaining()) {
                    int count = Math.min(values.remaining(), CHUNK_FLOATS);
                    chunk.clear();
                    chunk.asFloatBuffer().put(values.slice(values.position(), count));
                    values.position(values.position() + count);
                    chunk.limit(4 * count);
                    writeFully(channel, chunk);
                }
            }
            channel.force(true);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /**
     * Reads every tensor of a file as float32, checked as the converter checks a checkpoint.
     *
     * @param file the file
     * @return the values by name, in the file's order
     * @throws ModelLoadException naming the file or tensor that cannot be read
     */
    public static Map<String, float[]> readFloats(Path file) throws ModelLoadException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, float[]> values = new LinkedHashMap<>();
            for (CheckpointTensor tensor : SafetensorsReader.read(file, channel).values()) {
                values.put(tensor.name(), tensor.floats());
            }
            return values;
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException e) {
            throw ModelLoadException.of(file, "cannot be read", e);
        }
    }
}
