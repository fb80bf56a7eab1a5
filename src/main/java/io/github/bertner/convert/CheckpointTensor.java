package io.github.bertner.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a checkpoint: its element type, shape and contiguous little-endian row-major bytes.
 *
 * @param name the state-dict key
 * @param dtype the element type
 * @param shape the dimensions
 * @param data exactly {@code elementCount() * dtype.bytes()} bytes
 */
record CheckpointTensor(String name, DType dtype, long[] shape, ByteBuffer data) {

    /** Checks that the bytes fit the shape. */
    CheckpointTensor {
        shape = shape.clone();
        data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (elementCount(shape) * dtype.bytes() != data.remaining()) {
            throw new IllegalArgumentException(
                    name + ": " + data.remaining() + " bytes do not hold " + dtype + " " + Arrays.toString(shape));
        }
    }

    /** The number of elements of a shape, or -1 when it does not fit an int. */
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

    int elementCount() {
        return Math.toIntExact(elementCount(shape));
    }

    /** The values widened or narrowed to float32 (F16 and BF16 exactly). */
    float[] floats() {
        int count = elementCount();
        float[] values = new float[count];
        if (dtype == DType.F32) {
            data.asFloatBuffer().get(values);
            return values;
        }
        for (int i = 0; i < count; i++) {
            values[i] = dtype.floatAt(data, i);
        }
        return values;
    }

    String shapeText() {
        return Arrays.toString(shape);
    }
}
