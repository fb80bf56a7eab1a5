package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shapes of a graph's tensors as far as they are known before it runs: a dimension is its size, or
 * {@link #UNKNOWN} (the batch size, the sequence length, or what depends on them). The gradient needs them to know
 * which axes an operand was broadcast over. Operators without a rule here leave their outputs without a shape.
 */
final class StaticShapes {
    /** A dimension whose size is known only when the graph runs. */
    static final long UNKNOWN = -1;

    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();

    /** Records a graph input or a constant's shape. */
    void put(String name, long... shape) {
        shapes.put(name, shape.clone());
    }

    /** Records a constant, whose values the shapes of Reshape, Unsqueeze and ReduceSum are read from. */
    void constant(TensorProto tensor) {
        constants.put(tensor.getName(), tensor);
        put(
                tensor.getName(),
                tensor.getDimsList().stream().mapToLong(Long::longValue).toArray());
    }

    /** The shape of a tensor, if known. */
    Optional<long[]> of(String name) {
        return Optional.ofNullable(shapes.get(name));
    }

    /** The shape of a tensor the gradient needs. */
    long[] require(String name) {
        return of(name).orElseThrow(() -> new IllegalStateException("the shape of " + name + " is not known"));
    }

    /** The int64 values of a constant. */
    Optional<long[]> longs(String name) {
        TensorProto tensor = constants.get(name);
        if (tensor == null || tensor.getDataType() != TensorProto.DataType.INT64_VALUE) {
            return Optional.empty();
        }
        ByteBuffer bytes = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[bytes.remaining() / 8];
        bytes.asLongBuffer().get(values);
        return Optional.of(values);
    }

    /** The float value of a one-element float constant. */
    Optional<Float> scalar(String name) {
        TensorProto tensor = constants.get(name);
        if (tensor == null
                || tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE
                || tensor.getRawData().size() != 4) {
            return Optional.empty();
        }
        return Optional.of(tensor.getRawData()
                .asReadOnlyByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN)
                .getFloat());
    }

    /** Infers the output shape of a node from its inputs', where a rule knows it. */
    void infer(NodeProto node) {
        long[] first = node.getInputCount() == 0 ? null : shapes.get(node.getInput(0));
        long[] shape = switch (node.getOpType()) {
            case "LayerNormalization",
                    "Gelu",
                    "Identity",
                    "Cast",
                    "Neg",
                    "Erf",
                    "Exp",
                    "Tanh",
                    "Sigmoid",
                    "Relu",
                    "Sqrt",
                    "Softmax",
                    "LogSoftmax",
                    "Not",
                    "Abs",
                    "CumSum" -> first;
            case "Add", "Sub", "Mul", "Div", "Pow", "Equal", "Greater", "Where", "Min", "Max" -> broadcast(node);
            case "MatMul" -> matMul(first, shapes.get(node.getInput(1)));
            case "Gather" -> gather(node, first);
            case "Unsqueeze" -> unsqueeze(first, longs(node.getInput(1)).orElse(null));
            case "Reshape" -> reshape(first, longs(node.getInput(1)).orElse(null));
            case "Transpose" -> transpose(first, attribute(node, "perm"));
            case "ReduceMean", "ReduceSum", "ReduceMax" -> reduce(node, first);
            case "Shape" -> first == null ? null : new long[] {first.length};
            case "Range" -> new long[] {UNKNOWN};
            case "OneHot" -> oneHot(node, first);
            default -> null;
        };
        if (shape != null) {
            shapes.put(node.getOutput(0), shape);
        }
        if (node.getOpType().equals("LayerNormalization") && first != null) {
            long[] statistics = first.clone();
            statistics[statistics.length - 1] = 1;
            for (int i = 1; i < node.getOutputCount(); i++) {
                shapes.put(node.getOutput(i), statistics);
            }
        }
    }

    private long[] broadcast(NodeProto node) {
        long[] result = new long[0];
        for (String input : node.getInputList()) {
            long[] shape = shapes.get(input);
            if (shape == null) {
                return null;
            }
            result = broadcast(result, shape);
        }
        return result;
    }

    /** Numpy broadcasting; an unknown dimension against a known one other than 1 is that one. */
    static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] result = new long[rank];
        for (int i = 0; i < rank; i++) {
            long x = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long y = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (x == 1) {
                result[i] = y;
            } else if (y == 1) {
                result[i] = x;
            } else {
                result[i] = x == UNKNOWN ? y : x;
            }
        }
        return result;
    }

    private static long[] matMul(long[] a, long[] b) {
        if (a == null || b == null || a.length < 2 || b.length < 2) {
            return null;
        }
        long[] batch = broadcast(Arrays.copyOf(a, a.length - 2), Arrays.copyOf(b, b.length - 2));
        long[] result = Arrays.copyOf(batch, batch.length + 2);
        result[batch.length] = a[a.length - 2];
        result[batch.length + 1] = b[b.length - 1];
        return result;
    }

    private long[] gather(NodeProto node, long[] data) {
        long[] indices = shapes.get(node.getInput(1));
        if (data == null || indices == null) {
            return null;
        }
        int axis = (int) normalized(intAttribute(node, "axis", 0), data.length);
        long[] result = new long[data.length - 1 + indices.length];
        System.arraycopy(data, 0, result, 0, axis);
        System.arraycopy(indices, 0, result, axis, indices.length);
        System.arraycopy(data, axis + 1, result, axis + indices.length, data.length - axis - 1);
        return result;
    }

    private static long[] unsqueeze(long[] x, long[] axes) {
        if (x == null || axes == null) {
            return null;
        }
        int rank = x.length + axes.length;
        long[] result = new long[rank];
        boolean[] inserted = new boolean[rank];
        for (long axis : axes) {
            inserted[(int) normalized(axis, rank)] = true;
        }
        for (int i = 0, from = 0; i < rank; i++) {
            result[i] = inserted[i] ? 1 : x[from++];
        }
        return result;
    }

    private static long[] reshape(long[] x, long[] target) {
        if (x == null || target == null) {
            return null;
        }
        long[] result = new long[target.length];
        for (int i = 0; i < target.length; i++) {
            result[i] = target[i] == 0 ? x[i] : target[i] < 0 ? UNKNOWN : target[i];
        }
        return result;
    }

    private static long[] transpose(long[] x, long[] permutation) {
        if (x == null || permutation == null) {
            return null;
        }
        long[] result = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            result[i] = x[(int) permutation[i]];
        }
        return result;
    }

    private long[] reduce(NodeProto node, long[] x) {
        if (x == null) {
            return null;
        }
        long[] axes = attribute(node, "axes");
        if (axes == null && node.getInputCount() > 1) {
            axes = longs(node.getInput(1)).orElse(null);
        }
        boolean keep = intAttribute(node, "keepdims", 1) == 1;
        boolean[] reduced = new boolean[x.length];
        if (axes == null || axes.length == 0) {
            Arrays.fill(reduced, true);
        } else {
            for (long axis : axes) {
                reduced[(int) normalized(axis, x.length)] = true;
            }
        }
        return keep
                ? keptDimensions(x, reduced)
                : java.util.stream.IntStream.range(0, x.length)
                        .filter(i -> !reduced[i])
                        .mapToLong(i -> x[i])
                        .toArray();
    }

    private static long[] keptDimensions(long[] x, boolean[] reduced) {
        long[] result = x.clone();
        for (int i = 0; i < x.length; i++) {
            if (reduced[i]) {
                result[i] = 1;
            }
        }
        return result;
    }

    private long[] oneHot(NodeProto node, long[] indices) {
        long[] depth = longs(node.getInput(1)).orElse(null);
        if (indices == null || depth == null) {
            return null;
        }
        long[] result = Arrays.copyOf(indices, indices.length + 1);
        result[indices.length] = depth[0];
        return result;
    }

    static long normalized(long axis, int rank) {
        return axis < 0 ? axis + rank : axis;
    }

    /** An ints attribute, or null. */
    static long[] attribute(NodeProto node, String name) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getIntsList().stream()
                        .mapToLong(Long::longValue)
                        .toArray();
            }
        }
        return null;
    }

    /** An int attribute, or its default. */
    static long intAttribute(NodeProto node, String name, long fallback) {
        for (AttributeProto attribute : node.getAttributeList()) {
            if (attribute.getName().equals(name)) {
                return attribute.getI();
            }
        }
        return fallback;
    }
}
