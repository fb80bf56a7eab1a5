package io.github.bertner.runtime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.github.bertner.Int8Weights;
import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the {@link Int8Weights} of an ONNX model file. The file is read as a stream, one node and one initializer
 * at a time, so that a large model is never held whole; where the nodes come first (as every ONNX writer puts
 * them) and none multiplies integers, reading stops there.
 */
public final class Int8WeightScan {
    /** The integer products and the index of their weight input. */
    private static final Map<String, Integer> WEIGHT_INPUTS =
            Map.of("MatMulInteger", 1, "DynamicQuantizeMatMul", 1, "MatMulIntegerToFloat", 1, "QLinearMatMul", 3);

    /** {@code 255·129 > 32767 ≥ 255·128}: the largest pair sum that cannot saturate. */
    static final int LARGEST_SAFE_PAIR = 128;

    private final Set<String> weights = new HashSet<>();
    private final Map<String, Boolean> initializers = new TreeMap<>();
    private boolean nodesSeen;

    private Int8WeightScan() {}

    /**
     * Scans a model file.
     *
     * @param onnxModel the ONNX file
     * @return its integer products and the weights that can saturate
     * @throws ModelLoadException if the file cannot be read or is not an ONNX model
     */
    public static Int8Weights scan(Path onnxModel) throws ModelLoadException {
        Int8WeightScan scan = new Int8WeightScan();
        try (InputStream in = Files.newInputStream(onnxModel)) {
            CodedInputStream stream = CodedInputStream.newInstance(in);
            stream.setSizeLimit(Integer.MAX_VALUE);
            scan.readModel(stream);
        } catch (IOException e) {
            throw ModelLoadException.of(onnxModel, "cannot be read as an ONNX model", e);
        }
        return scan.result();
    }

    /**
     * Whether an int8 {@code [K, N]} weight has two neighbouring rows {@code 2j, 2j+1} whose values in one column
     * have the same sign and a sum beyond {@link #LARGEST_SAFE_PAIR} in magnitude.
     *
     * @param values the weight, row-major
     * @param columns {@code N}
     * @return true if a uint8 activation can saturate its pair sum
     */
    static boolean canSaturate(byte[] values, int columns) {
        int rows = values.length / columns;
        for (int r = 0; r + 1 < rows; r += 2) {
            for (int c = 0; c < columns; c++) {
                if (Math.abs(values[r * columns + c] + values[(r + 1) * columns + c]) > LARGEST_SAFE_PAIR) {
                    return true;
                }
            }
        }
        return false;
    }

    private void readModel(CodedInputStream in) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (WireFormat.getTagFieldNumber(tag) == ModelProto.GRAPH_FIELD_NUMBER) {
                int limit = in.pushLimit(in.readRawVarint32());
                readGraph(in);
                in.popLimit(limit);
                return;
            }
            in.skipField(tag);
        }
    }

    private void readGraph(CodedInputStream in) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == GraphProto.NODE_FIELD_NUMBER) {
                nodesSeen = true;
                addWeight(NodeProto.parseFrom(in.readBytes()));
            } else if (field == GraphProto.INITIALIZER_FIELD_NUMBER) {
                if (nodesSeen && weights.isEmpty()) {
                    return;
                }
                check(TensorProto.parseFrom(in.readBytes()));
            } else {
                in.skipField(tag);
            }
        }
    }

    private void addWeight(NodeProto node) {
        Integer input = WEIGHT_INPUTS.get(node.getOpType());
        if (input != null && node.getInputCount() > input) {
            weights.add(node.getInput(input));
        }
    }

    /** Notes whether an initializer can saturate (false for any that is not a 2-D int8 table). */
    private void check(TensorProto tensor) {
        boolean int8Matrix = tensor.getDataType() == TensorProto.DataType.INT8.getNumber()
                && tensor.getDimsCount() == 2
                && tensor.getDims(1) > 0;
        byte[] values = int8Matrix ? int8Values(tensor) : new byte[0];
        initializers.put(
                tensor.getName(),
                int8Matrix
                        && values.length == tensor.getDims(0) * tensor.getDims(1)
                        && canSaturate(values, (int) tensor.getDims(1)));
    }

    private Int8Weights result() {
        int products = 0;
        int saturating = 0;
        String example = null;
        for (Map.Entry<String, Boolean> initializer : initializers.entrySet()) {
            if (weights.contains(initializer.getKey())) {
                products++;
                if (initializer.getValue()) {
                    saturating++;
                    example = example == null ? initializer.getKey() : example;
                }
            }
        }
        return products == 0 ? Int8Weights.NONE : new Int8Weights(products, saturating, Optional.ofNullable(example));
    }

    /** Int8 values are raw bytes, or one per element of {@code int32_data}. */
    private static byte[] int8Values(TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            return tensor.getRawData().toByteArray();
        }
        byte[] values = new byte[tensor.getInt32DataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) tensor.getInt32Data(i);
        }
        return values;
    }
}
