package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.github.bertner.ModelLoadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dynamic int8 quantization of an ONNX graph, the method of ONNX Runtime's {@code quantize_dynamic}
 * ({@code IntegerOps} format): every {@code MatMul} of an activation (a value computed from the graph's inputs) by
 * a 2-D float initializer becomes {@code DynamicQuantizeLinear(X)} (uint8 activations, scale and zero point
 * computed per call) → {@code MatMulInteger(Xq, Wq, Xzp, Wzp)} → {@code Cast} to float → {@code Mul} by
 * {@code Xscale·Wscale}.
 *
 * <p>Weights are <b>uint8</b>, asymmetric, per tensor or per output column: the range {@code [min(w, 0), max(w,
 * 0)]} is mapped onto {@code [0, 255]}, {@code scale = (max − min) / 255}, {@code zero point = round(−min /
 * scale)}, a value is {@code round_half_even(w / scale) + zero point}, clamped (ONNX Runtime's {@code QUInt8}).
 * Uint8 weights make ONNX Runtime run its u8×u8 kernels, which widen to 16 bits before they multiply and cannot
 * saturate on any CPU. Int8 weights would run its u8×s8 kernels, which on x86 CPUs without VNNI add two products
 * in 16 bits ({@code VPMADDUBSW}) and saturate when the weights use the int8 range; docs/performance.md has the
 * measurements that chose this encoding.
 *
 * <p>Each activation is quantized once, however many MatMuls read it, and each weight once, however many MatMuls
 * use it. The word embeddings (a {@code Gather} of a 2-D float table by the graph's token ids) become int8 with
 * one symmetric scale per row ({@code max|row| / 127}), gathered and rescaled: no integer product reads them, and
 * they are most of the size of a model with a large vocabulary. Everything else (position embeddings, LayerNorm,
 * bias additions, attention products, products of constants that ONNX Runtime folds) stays in float. ONNX Runtime
 * fuses the MatMul chain into {@code DynamicQuantizeMatMul} when it loads the graph. The result holds its own data
 * and is a pure function of the input graph: quantizing twice gives the same bytes.
 */
public final class DynamicQuantizer {
    /** How many scales a weight gets. */
    public enum Granularity {
        /** One scale for the whole weight matrix (ONNX Runtime's default). */
        PER_TENSOR,
        /** One scale per output column. */
        PER_CHANNEL
    }

    /**
     * The parts of a GLiNER span graph that stay in float: the token projection, the label head and the span head's
     * last layer, which meets the types (their error goes straight into the logits, for a few percent of the time),
     * and the word embeddings (in an int8 table they changed a tenth of the entities of the test model; the LSTM, 2 %
     * of an int8 run, is never quantized). The span head's products per word are quantized: in float they took a
     * twelfth of an int8 run's time; with them int8 keeps 237 of the trained test model's 239 entities (all 239
     * without) and 0.865 of the random one's (0.872). Matched in node names, which GLiNER's export and bert-ner's
     * conversion both take from the module names; docs/performance.md has the per-operator profile.
     */
    private static final List<String> SPAN_MODEL_FLOAT_PARTS =
            List.of("out_project.3", "prompt_rep_layer", "token_rep_layer.projection", "token_rep_layer/projection");

    private static final int INT8_MAX = 127;
    private static final int UINT8_MAX = 255;

    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Granularity granularity;
    private final OnnxInitializers data;
    private final GraphProto.Builder graph;
    private final Set<String> dynamic = new HashSet<>();
    private final Map<String, String[]> quantizedActivations = new HashMap<>();
    private final Map<String, String[]> quantizedWeights = new HashMap<>();
    private final boolean spanModel;

    private DynamicQuantizer(GraphProto source, Granularity granularity, OnnxInitializers data, boolean spanModel) {
        this.granularity = granularity;
        this.data = data;
        this.spanModel = spanModel;
        this.graph = source.toBuilder().clearNode().clearInitializer();
        source.getInitializerList().forEach(tensor -> initializers.put(tensor.getName(), tensor));
        source.getInputList().stream().map(ValueInfoProto::getName).forEach(dynamic::add);
    }

    /**
     * Quantizes a model that holds its own data.
     *
     * @param model the float model
     * @param granularity per-tensor or per-channel weight scales
     * @return the quantized model, with the same inputs and outputs
     */
    public static ModelProto quantize(ModelProto model, Granularity granularity) {
        try {
            return quantize(model, granularity, Path.of("."));
        } catch (ModelLoadException e) {
            throw new IllegalArgumentException(
                    "a model that holds its own data refers to external data: " + e.getMessage(), e);
        }
    }

    /**
     * Quantizes a model whose initializers may be in external data files in its directory; the result holds its
     * own data.
     *
     * @param model the float model
     * @param granularity per-tensor or per-channel weight scales
     * @param directory the model's directory
     * @return the quantized model, with the same inputs and outputs
     * @throws ModelLoadException naming an external data file that cannot be read
     */
    public static ModelProto quantize(ModelProto model, Granularity granularity, Path directory)
            throws ModelLoadException {
        return quantize(model, granularity, directory, false);
    }

    /**
     * Quantizes a model as {@link #quantize(ModelProto, Granularity, Path)} does; a GLiNER span model keeps its
     * projections, the last layer of its span head and its word embeddings in float
     * ({@link #SPAN_MODEL_FLOAT_PARTS}).
     *
     * @param model the float model
     * @param granularity per-tensor or per-channel weight scales
     * @param directory the model's directory
     * @param spanModel whether the model is a GLiNER span model
     * @return the quantized model, with the same inputs and outputs
     * @throws ModelLoadException naming an external data file that cannot be read
     */
    public static ModelProto quantize(ModelProto model, Granularity granularity, Path directory, boolean spanModel)
            throws ModelLoadException {
        DynamicQuantizer quantizer =
                new DynamicQuantizer(model.getGraph(), granularity, new OnnxInitializers(directory), spanModel);
        return model.toBuilder().setGraph(quantizer.rewrite(model.getGraph())).build();
    }

    private GraphProto rewrite(GraphProto source) throws ModelLoadException {
        Set<String> outputProducers = outputProducers(source);
        Set<String> replacedWeights = new HashSet<>();
        for (NodeProto node : source.getNodeList()) {
            if (isQuantizableMatMul(node) && !outputProducers.contains(node.getOutput(0)) && !staysFloat(node)) {
                replaceMatMul(node);
                replacedWeights.add(node.getInput(1));
            } else if (isWordEmbedding(node) && !spanModel) {
                replaceGather(node);
                replacedWeights.add(node.getInput(0));
            } else {
                graph.addNode(node);
            }
            if (node.getInputList().stream().anyMatch(dynamic::contains)) {
                dynamic.addAll(node.getOutputList());
            }
        }
        Set<String> stillRead = new HashSet<>();
        graph.getNodeList().forEach(node -> stillRead.addAll(node.getInputList()));
        source.getOutputList().forEach(output -> stillRead.add(output.getName()));
        for (Map.Entry<String, TensorProto> initializer : initializers.entrySet()) {
            if (!replacedWeights.contains(initializer.getKey()) || stillRead.contains(initializer.getKey())) {
                graph.addInitializer(data.inline(initializer.getValue()));
            }
        }
        return graph.build();
    }

    /**
     * The values the graph's outputs are computed from by {@code Identity} and the addition of a constant (a bias)
     * alone: the classifier's product, which stays in float (a negligible share of the work, whose error would go
     * straight into the logits).
     */
    private Set<String> outputProducers(GraphProto source) {
        Map<String, NodeProto> producers = new HashMap<>();
        source.getNodeList().forEach(node -> node.getOutputList().forEach(output -> producers.put(output, node)));
        Set<String> values = new HashSet<>();
        ArrayDeque<String> pending = new ArrayDeque<>();
        source.getOutputList().forEach(output -> pending.add(output.getName()));
        while (!pending.isEmpty()) {
            String value = pending.pop();
            NodeProto producer = producers.get(value);
            if (values.add(value) && producer != null && isIdentityOrBias(producer)) {
                producer.getInputList().stream()
                        .filter(input -> !initializers.containsKey(input))
                        .forEach(pending::add);
            }
        }
        return values;
    }

    private boolean staysFloat(NodeProto node) {
        return spanModel && SPAN_MODEL_FLOAT_PARTS.stream().anyMatch(node.getName()::contains);
    }

    private boolean isIdentityOrBias(NodeProto node) {
        return node.getOpType().equals("Identity")
                || node.getOpType().equals("Add")
                        && node.getInputList().stream().anyMatch(initializers::containsKey);
    }

    private boolean isQuantizableMatMul(NodeProto node) {
        if (!node.getOpType().equals("MatMul") || !node.getDomain().isEmpty() || node.getInputCount() != 2) {
            return false;
        }
        return dynamic.contains(node.getInput(0)) && isFloatMatrix(initializers.get(node.getInput(1)));
    }

    /** A lookup of a 2-D float table by one of the graph's own inputs (the token ids), along the rows. */
    private boolean isWordEmbedding(NodeProto node) {
        return node.getOpType().equals("Gather")
                && node.getDomain().isEmpty()
                && node.getInputCount() == 2
                && node.getAttributeList().stream().noneMatch(a -> a.getName().equals("axis") && a.getI() != 0)
                && isFloatMatrix(initializers.get(node.getInput(0)))
                && graph.getInputList().stream()
                        .anyMatch(input -> input.getName().equals(node.getInput(1)));
    }

    private static boolean isFloatMatrix(TensorProto tensor) {
        return tensor != null
                && tensor.getDataType() == TensorProto.DataType.FLOAT.getNumber()
                && tensor.getDimsCount() == 2;
    }

    private void replaceMatMul(NodeProto matMul) throws ModelLoadException {
        String[] activation = quantizedActivation(matMul.getInput(0));
        String[] weight = quantizedWeight(matMul.getInput(1));
        String base = matMul.getName().isEmpty() ? matMul.getOutput(0) : matMul.getName();
        String scales = node("Mul", base + "_quant_scales_mul", List.of(activation[1], weight[1]));
        String integer =
                node("MatMulInteger", base + "_quantized", List.of(activation[0], weight[0], activation[2], weight[2]));
        String cast = node("Cast", base + "_quantized_cast", List.of(integer), toFloat());
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Mul")
                .setName(base + "_quant_output_scale_mul")
                .addInput(cast)
                .addInput(scales)
                .addOutput(matMul.getOutput(0)));
    }

    /** {@code Gather(Wq, ids)} → float → times {@code Gather(scales, ids)}: int8 rows, one scale each. */
    private void replaceGather(NodeProto gather) throws ModelLoadException {
        String tableName = gather.getInput(0);
        TensorProto table = initializers.get(tableName);
        int rows = (int) table.getDims(0);
        int columns = (int) table.getDims(1);
        QuantizedWeight quantized = QuantizedWeight.rows(data, table, rows, columns);
        String values = add(quantized.values(tableName + "_quantized", table));
        String scales = add(quantized.scales(tableName + "_scale", rows, 1));
        String ids = gather.getInput(1);
        String base = gather.getName().isEmpty() ? gather.getOutput(0) : gather.getName();
        String rowsQuantized = node("Gather", base + "_quantized", List.of(values, ids));
        String cast = node("Cast", base + "_quantized_cast", List.of(rowsQuantized), toFloat());
        String rowScales = node("Gather", base + "_row_scales", List.of(scales, ids));
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Mul")
                .setName(base + "_rescaled")
                .addInput(cast)
                .addInput(rowScales)
                .addOutput(gather.getOutput(0)));
    }

    /** {@code [quantized, scale, zero point]} of a weight, added on first use. */
    private String[] quantizedWeight(String weightName) throws ModelLoadException {
        String[] existing = quantizedWeights.get(weightName);
        if (existing != null) {
            return existing;
        }
        TensorProto tensor = initializers.get(weightName);
        QuantizedWeight weight =
                QuantizedWeight.of(data.floats(tensor), (int) tensor.getDims(0), (int) tensor.getDims(1), granularity);
        String[] names = {
            add(weight.values(weightName + "_quantized", tensor)),
            add(weight.scales(
                    weightName + "_scale",
                    weight.scales().length > 1 ? new long[] {weight.scales().length} : new long[0])),
            add(weight.zeroPoints(weightName + "_zero_point"))
        };
        quantizedWeights.put(weightName, names);
        return names;
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

    private static AttributeProto toFloat() {
        return AttributeProto.newBuilder()
                .setName("to")
                .setType(AttributeProto.AttributeType.INT)
                .setI(TensorProto.DataType.FLOAT.getNumber())
                .build();
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

    /**
     * A {@code [rows, columns]} table in 8 bits with its scales and zero points: a MatMul weight in uint8, or
     * embedding rows in int8.
     */
    record QuantizedWeight(byte[] values, float[] scales, byte[] zeroPoints, TensorProto.DataType type) {

        /** Uint8 with one scale and zero point per tensor or per column. */
        static QuantizedWeight of(float[] weight, int rows, int columns, Granularity granularity) {
            int groups = granularity == Granularity.PER_TENSOR ? 1 : columns;
            float[] minima = new float[groups];
            float[] maxima = new float[groups];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    int g = groups == 1 ? 0 : c;
                    minima[g] = Math.min(minima[g], weight[r * columns + c]);
                    maxima[g] = Math.max(maxima[g], weight[r * columns + c]);
                }
            }
            float[] scales = new float[groups];
            byte[] zeroPoints = new byte[groups];
            for (int g = 0; g < groups; g++) {
                scales[g] = maxima[g] == minima[g] ? 1f : (maxima[g] - minima[g]) / UINT8_MAX;
                zeroPoints[g] = (byte) clamp(Math.rint(-minima[g] / scales[g]), 0, UINT8_MAX);
            }
            byte[] values = new byte[weight.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    int g = groups == 1 ? 0 : c;
                    double value = Math.rint(weight[r * columns + c] / scales[g]) + Byte.toUnsignedInt(zeroPoints[g]);
                    values[r * columns + c] = (byte) clamp(value, 0, UINT8_MAX);
                }
            }
            return new QuantizedWeight(values, scales, zeroPoints, TensorProto.DataType.UINT8);
        }

        /** Int8 with one symmetric scale per row, for a lookup table, read a block of rows at a time. */
        static QuantizedWeight rows(OnnxInitializers data, TensorProto table, int rows, int columns)
                throws ModelLoadException {
            float[] scales = new float[rows];
            byte[] values = new byte[Math.multiplyExact(rows, columns)];
            int rowsPerChunk = Math.max(1, (1 << 20) / columns);
            data.floats(table, rowsPerChunk * columns, (offset, chunk) -> {
                int first = (int) (offset / columns);
                for (int r = 0; r < chunk.remaining() / columns; r++) {
                    float max = 0;
                    for (int c = 0; c < columns; c++) {
                        max = Math.max(max, Math.abs(chunk.get(r * columns + c)));
                    }
                    float scale = max == 0 ? 1f : max / INT8_MAX;
                    scales[first + r] = scale;
                    for (int c = 0; c < columns; c++) {
                        values[(first + r) * columns + c] =
                                (byte) clamp(Math.rint(chunk.get(r * columns + c) / scale), -INT8_MAX, INT8_MAX);
                    }
                }
            });
            return new QuantizedWeight(values, scales, new byte[rows], TensorProto.DataType.INT8);
        }

        private static double clamp(double value, int min, int max) {
            return Math.max(min, Math.min(max, value));
        }

        TensorProto values(String name, TensorProto original) {
            return TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(type.getNumber())
                    .addAllDims(original.getDimsList())
                    .setRawData(UnsafeByteOperations.unsafeWrap(values))
                    .build();
        }

        TensorProto scales(String name, long... dimensions) {
            ByteBuffer bytes = ByteBuffer.allocate(scales.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(scales);
            TensorProto.Builder tensor = TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(TensorProto.DataType.FLOAT.getNumber())
                    .setRawData(ByteString.copyFrom(bytes));
            for (long dimension : dimensions) {
                tensor.addDims(dimension);
            }
            return tensor.build();
        }

        TensorProto zeroPoints(String name) {
            TensorProto.Builder tensor = TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(type.getNumber())
                    .setRawData(ByteString.copyFrom(zeroPoints));
            if (zeroPoints.length > 1) {
                tensor.addDims(zeroPoints.length);
            }
            return tensor.build();
        }
    }
}
