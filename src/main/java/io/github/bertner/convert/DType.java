package io.github.bertner.convert;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/** The element types of checkpoint tensors that the converter reads, with their size in bytes. */
enum DType {
    F32(4),
    F16(2),
    BF16(2),
    F64(8),
    I64(8),
    I32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    int bytes() {
        return bytes;
    }

    boolean isFloat() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    /** Reads element {@code index} of a little-endian buffer as a float. */
    float floatAt(ByteBuffer data, int index) {
        return switch (this) {
            case F32 -> data.getFloat(index * 4);
            case F16 -> halfToFloat(data.getShort(index * 2));
            case BF16 -> Float.intBitsToFloat((data.getShort(index * 2) & 0xffff) << 16);
            case F64 -> (float) data.getDouble(index * 8);
            case I64, I32 -> throw new IllegalStateException(this + " is not a floating-point type");
        };
    }

    /** IEEE 754 binary16 to float32, exactly (subnormals, infinities and NaN included). */
    static float halfToFloat(short half) {
        int sign = (half & 0x8000) << 16;
        int exponent = (half >>> 10) & 0x1f;
        int mantissa = half & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * The type of a safetensors {@code dtype} string.
     *
     * @return the type, or empty for one the converter does not read
     */
    static Optional<DType> ofSafetensors(String name) {
        for (DType type : values()) {
            if (type.name().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /**
     * The type of a torch storage class ({@code FloatStorage}, {@code HalfStorage}, …).
     *
     * @return the type, or empty for one the converter does not read
     */
    static Optional<DType> ofTorchStorage(String className) {
        return Optional.ofNullable(
                switch (className) {
                    case "FloatStorage" -> F32;
                    case "HalfStorage" -> F16;
                    case "BFloat16Storage" -> BF16;
                    case "DoubleStorage" -> F64;
                    case "LongStorage" -> I64;
                    case "IntStorage" -> I32;
                    default -> null;
                });
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
