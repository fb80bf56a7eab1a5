package io.github.bertner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.model.JsonFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code .safetensors} file: an 8-byte little-endian header length, a JSON header, then the tensors'
 * bytes. Every length, offset and shape is checked against the file before it is used; a tensor's bytes are read
 * from the open file when they are needed ({@link TensorData.FileRegion}), so the file is never held in memory.
 */
final class SafetensorsReader {
    /** The largest header the reference implementation accepts. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafetensorsReader() {}

    /**
     * Lists the tensors of an open file; their bytes stay in the file until read.
     *
     * @param file the file, for messages
     * @param channel the open file, which must stay open while the tensors are read
     */
    static Map<String, CheckpointTensor> read(Path file, FileChannel channel) throws ModelLoadException {
        try {
            long size = channel.size();
            long headerLength = headerLength(file, channel, size);
            JsonNode header = header(file, channel, headerLength);
            long dataStart = 8 + headerLength;
            Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : header.properties()) {
                if (!entry.getKey().equals("__metadata__")) {
                    tensor(file, channel, entry.getKey(), entry.getValue(), dataStart, size)
                            .ifPresent(t -> tensors.put(t.name(), t));
                }
            }
            return tensors;
        } catch (IOException e) {
            throw ModelLoadException.of(file, "cannot be read", e);
        }
    }

    private static long headerLength(Path file, FileChannel channel, long size) throws IOException {
        if (size < 8) {
            throw new ModelLoadException(
                    file, "is not a safetensors file: " + size + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        new TensorData.FileRegion(channel, 0, 8).read(0, length);
        long headerLength = length.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
            throw new ModelLoadException(
                    file,
                    "is truncated or not a safetensors file: its header claims " + headerLength
                            + " bytes, the file has " + (size - 8) + " after the length");
        }
        return headerLength;
    }

    private static JsonNode header(Path file, FileChannel channel, long headerLength) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) headerLength);
        new TensorData.FileRegion(channel, 8, headerLength).read(0, bytes);
        return JsonFiles.parseObject(file, new String(bytes.array(), StandardCharsets.UTF_8));
    }

    private static Optional<CheckpointTensor> tensor(
            Path file, FileChannel channel, String name, JsonNode spec, long dataStart, long size) throws IOException {
        String dtypeName = spec.path("dtype").asText("");
        Optional<DType> dtype = DType.ofSafetensors(dtypeName);
        if (dtype.isEmpty()) {
            return Optional.empty();
        }
        long[] shape = shape(file, name, spec.get("shape"));
        JsonNode offsets = spec.get("data_offsets");
        if (offsets == null
                || !offsets.isArray()
                || offsets.size() != 2
                || !offsets.get(0).canConvertToLong()
                || !offsets.get(1).canConvertToLong()) {
            throw new ModelLoadException(file, "tensor " + name + " has no valid data_offsets [begin, end]");
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        long count = CheckpointTensor.elementCount(shape);
        if (begin < 0 || end < begin || dataStart + end > size) {
            throw new ModelLoadException(
                    file,
                    "is truncated or corrupt: tensor " + name + " lies at bytes [" + begin + ", " + end
                            + ") of the data, which has " + (size - dataStart));
        }
        if (count < 0 || count * dtype.get().bytes() != end - begin) {
            throw new ModelLoadException(
                    file,
                    "tensor " + name + ": " + (end - begin) + " bytes do not hold " + dtypeName + " "
                            + Arrays.toString(shape));
        }
        return Optional.of(new CheckpointTensor(
                name, dtype.get(), shape, new TensorData.FileRegion(channel, dataStart + begin, end - begin)));
    }

    private static long[] shape(Path file, String name, JsonNode shape) throws ModelLoadException {
        if (shape == null || !shape.isArray()) {
            throw new ModelLoadException(file, "tensor " + name + " has no shape");
        }
        long[] dimensions = new long[shape.size()];
        for (int i = 0; i < dimensions.length; i++) {
            JsonNode dimension = shape.get(i);
            if (!dimension.canConvertToLong() || dimension.asLong() < 0) {
                throw new ModelLoadException(file, "tensor " + name + " has an invalid shape " + shape);
            }
            dimensions[i] = dimension.asLong();
        }
        return dimensions;
    }
}
