package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dynamic int8 quantization of an ONNX graph, the method of ONNX Runtime's {@code quantize_dynamic}
 * ({@code IntegerOps} format): every {@code MatMul} whose second input is a 2-D float initializer becomes
 * {@code DynamicQuantizeLinear(X)} (uint8 activations, scale and zero point computed per call) →
 * {@code MatMulInteger(Xq, Wq, Xzp, Wzp)} → {@code Cast} to float → {@code Mul} by {@code Xscale·Wscale}.
 * Weights are int8, symmetric (zero point 0, scale {@code max|w| / 127}), per tensor or per output
 * column; a value is {@code round_half_even(w / scale)}. Each activation is quantized once, however many
 * MatMuls read it. Everything else (embeddings, LayerNorm, bias additions, attention products) stays in
 * float. ONNX Runtime fuses the chain into {@code DynamicQuantizeMatMul} when it loads the graph. The
 * result is a pure function of the input graph: quantizing twice gives the same bytes.
 */
public final class DynamicQuantizer {
    /** How many scales a weight gets. */
    public enum Granularity {
        /** One scale for the whole weight matrix (ONNX Runtime's default). */
        PER_TENSOR,
        /** One scale per output column. */
        PER_CHANNEL
    }

    private static final int QMAX = 127;

    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Granularity granularity;
    private final GraphProto.Builder graph;
    private final Map<String, String[]> quantizedActivations = new HashMap<>();

    private DynamicQuantizer(GraphProto source, Granularity granularity) {
        this.granularity = granularity;
        this.graph = source.toBuilder().clearNode().clearInitializer();
        source.getInitializerList().forEach(tensor -> initializers.put(tensor.getName(), tensor));
    }

    /**
     * Quantizes a model's MatMuls by constant weights.
     *
     * @param model the float model
     * @param granularity per-tensor or per-channel weight scales
     * @return the quantized model, with the same inputs and outputs
     */
    public static ModelProto quantize(ModelProto model, Granularity granularity) {
        DynamicQuantizer quantizer = new DynamicQuantizer(model.getGraph(), granularity);
        return model.toBuilder().setGraph(quantizer.rewrite(model.getGraph())).build();
    }

    private GraphProto rewrite(GraphProto source) {
        Set<String> quantizedWeights = new HashSet<>();
        for (NodeProto node : source.getNodeList()) {
            if (isQuantizable(node)) {
                replace(node);
                quantizedWeights.add(node.getInput(1));
            } else {
                graph.addNode(node);
            }
        }
        Set<String> stillRead = new HashSet<>();
        graph.getNodeList().forEach(node -> stillRead.addAll(node.getInputList()));
        source.getOutputList().forEach(output -> stillRead.add(output.getName()));
        initializers.forEach((name, tensor) -> {
            if (!quantizedWeights.contains(name) || stillRead.contains(name)) {
                graph.addInitializer(tensor);
            }
        });
        return graph.build();
    }

    private boolean isQuantizable(NodeProto node) {
        if (!node.getOpType().equals("MatMul") || !node.getDomain().isEmpty() || node.getInputCount() != 2) {
            return false;
        }
        TensorProto weight = initializers.get(node.getInput(1));
        return weight != null
                && weight.getDataType() == TensorProto.DataType.FLOAT.getNumber()
                && weight.getDimsCount() == 2;
    }

    private void replace(NodeProto matMul) {
        String input = matMul.getInput(0);
        String weightName = matMul.getInput(1);
        String[] activation = quantizedActivation(input);
        QuantizedWeight weight = QuantizedWeight.of(
                Weights.floats(initializers.get(weightName)),
                (int) initializers.get(weightName).getDims(0),
                (int) initializers.get(weightName).getDims(1),
                granularity);
        String wq = add(weight.values(weightName + "_quantized", initializers.get(weightName)));
        String scale = add(weight.scales(weightName + "_scale"));
        String zeroPoint = add(weight.zeroPoints(weightName + "_zero_point"));
        String base = matMul.getName().isEmpty() ? matMul.getOutput(0) : matMul.getName();
        String scales = node("Mul", base + "_quant_scales_mul", List.of(activation[1], scale));
        String integer =
                node("MatMulInteger", base + "_quantized", List.of(activation[0], wq, activation[2], zeroPoint));
        String cast = node(
                "Cast",
                base + "_quantized_cast",
                List.of(integer),
                AttributeProto.newBuilder()
                        .setName("to")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.FLOAT.getNumber())
                        .build());
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Mul")
                .setName(base + "_quant_output_scale_mul")
                .addInput(cast)
                .addInput(scales)
                .addOutput(matMul.getOutput(0)));
    }

    /** {@code [quantized, scale, zero point]} of an activation, adding its DynamicQuantizeLinear on first use. */
    private String[] quantizedActivation(String input) {
        return quantizedActivations.computeIfAbsent(input, name -> {
            String[] outputs = {name + "_quantized", name + "_scale", name + "_zero_point"};
            graph.addNode(NodeProto.newBuilder()
                    .setOpType("DynamicQuantizeLinear")
                    .setName(name + "_QuantizeLinear")
                    .addInput(name)
                    .addAllOutput(List.of(outputs)));
            return outputs;
        });
    }

    private String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(inputs)
                .addOutput(name);
        for (AttributeProto attribute : attributes) {
            node.addAttribute(attribute);
        }
        graph.addNode(node);
        return name;
    }

    private String add(TensorProto tensor) {
        graph.addInitializer(tensor);
        return tensor.getName();
    }

    /** Reads float initializers, stored as raw data or as float_data. */
    static final class Weights {
        private Weights() {}

        static float[] floats(TensorProto tensor) {
            if (!tensor.getRawData().isEmpty()) {
                float[] values = new float[tensor.getRawData().size() / 4];
                tensor.getRawData()
                        .asReadOnlyByteBuffer()
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(values);
                return values;
            }
            float[] values = new float[tensor.getFloatDataCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = tensor.getFloatData(i);
            }
            return values;
        }
    }

    /** A {@code [rows, columns]} weight in int8 with its scales, symmetric. */
    record QuantizedWeight(byte[] values, float[] scales, int rows, int columns) {

        static QuantizedWeight of(float[] weight, int rows, int columns, Granularity granularity) {
            float[] scales = new float[granularity == Granularity.PER_TENSOR ? 1 : columns];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    int s = scales.length == 1 ? 0 : c;
                    scales[s] = Math.max(scales[s], Math.abs(weight[r * columns + c]));
                }
            }
            for (int s = 0; s < scales.length; s++) {
                scales[s] = scales[s] == 0 ? 1f : scales[s] / QMAX;
            }
            byte[] values = new byte[weight.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    float scale = scales[scales.length == 1 ? 0 : c];
                    values[r * columns + c] =
                            (byte) Math.max(-QMAX, Math.min(QMAX, Math.rint(weight[r * columns + c] / scale)));
                }
            }
            return new QuantizedWeight(values, scales, rows, columns);
        }

        TensorProto values(String name, TensorProto original) {
            return TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(TensorProto.DataType.INT8.getNumber())
                    .addAllDims(original.getDimsList())
                    .setRawData(ByteString.copyFrom(values))
                    .build();
        }

        TensorProto scales(String name) {
            ByteBuffer bytes = ByteBuffer.allocate(scales.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(scales);
            TensorProto.Builder tensor = TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(TensorProto.DataType.FLOAT.getNumber())
                    .setRawData(ByteString.copyFrom(bytes));
            if (scales.length > 1) {
                tensor.addDims(scales.length);
            }
            return tensor.build();
        }

        TensorProto zeroPoints(String name) {
            TensorProto.Builder tensor = TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(TensorProto.DataType.INT8.getNumber())
                    .setRawData(ByteString.copyFrom(new byte[scales.length]));
            if (scales.length > 1) {
                tensor.addDims(scales.length);
            }
            return tensor.build();
        }
    }
}
