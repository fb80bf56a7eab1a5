package io.github.bertner.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One tensor of a checkpoint: its element type, shape and contiguous little-endian row-major bytes, read on
 * demand ({@link TensorData}).
 *
 * @param name the state-dict key
 * @param dtype the element type
 * @param shape the dimensions
 * @param data exactly {@code elementCount() * dtype.bytes()} bytes
 */
record CheckpointTensor(String name, DType dtype, long[] shape, TensorData data) {
    /** Elements converted at a time when a tensor is streamed. */
    private static final int CHUNK_ELEMENTS = 1 << 20;

    /** Checks that the bytes fit the shape. */
    CheckpointTensor {
        shape = shape.clone();
        if (elementCount(shape) < 0 || elementCount(shape) * dtype.bytes() != data.size()) {
            throw new IllegalArgumentException(
                    name + ": " + data.size() + " bytes do not hold " + dtype + " " + Arrays.toString(shape));
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements of a shape, or -1 when a dimension is negative. */
    static long elementCount(long[] shape) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                return -1;
            }
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    long elementCount() {
        return elementCount(shape);
    }

    /** The values widened or narrowed to float32 (F16 and BF16 exactly); for tensors below 2^31 elements. */
    float[] floats() throws IOException {
        float[] values = new float[Math.toIntExact(elementCount())];
        for (int from = 0; from < values.length; from += CHUNK_ELEMENTS) {
            int count = Math.min(CHUNK_ELEMENTS, values.length - from);
            chunk(from, count).get(values, from, count);
        }
        return values;
    }

    /** Calls {@code sink} with the values as float32, in order, a chunk at a time. */
    void streamFloats(FloatChunks sink) throws IOException {
        long count = elementCount();
        for (long from = 0; from < count; from += CHUNK_ELEMENTS) {
            sink.accept(chunk(from, (int) Math.min(CHUNK_ELEMENTS, count - from)));
        }
    }

    /** Receives a tensor's values a chunk at a time. */
    @FunctionalInterface
    interface FloatChunks {
        void accept(FloatBuffer chunk) throws IOException;
    }

    String shapeText() {
        return Arrays.toString(shape);
    }

    private FloatBuffer chunk(long from, int count) throws IOException {
        ByteBuffer raw = ByteBuffer.allocate(count * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        data.read(from * dtype.bytes(), raw);
        raw.flip();
        if (dtype == DType.F32) {
            return raw.asFloatBuffer();
        }
        FloatBuffer values = FloatBuffer.allocate(count);
        for (int i = 0; i < count; i++) {
            values.put(dtype.floatAt(raw, i));
        }
        return values.flip();
    }
}
