package io.github.bertner.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.github.bertner.ModelLoadException;
import io.github.bertner.convert.DynamicQuantizer.Granularity;
import io.github.bertner.runtime.OnnxEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The quantizer on a hand-made graph: two MatMuls by constant weights that read the same input. Weights
 * are multiples of 1/64, chosen so that the scales, zero points and quantized values below work out by hand.
 */
@Tag("unit")
class DynamicQuantizerTest {
    /**
     * {@code [2, 3]}: column ranges [0, 255/64] (zero is always in the range), [-128/64, 127/64] and [-1/64, 3/64];
     * overall range [-2, 255/64].
     */
    private static final float[] W = {255 / 64f, -2f, 3 / 64f, 1 / 64f, 127 / 64f, -1 / 64f};

    private static final float[] V = {1f, -0.5f};

    @Test
    void perTensorTheRangeWithZeroMapsOntoUint8() throws ModelLoadException {
        ModelProto quantized = DynamicQuantizer.quantize(model(), Granularity.PER_TENSOR);
        // scale = (255/64 + 2) / 255 = 383 / 16320; zero point = round(2 / scale) = round(85.22) = 85;
        // values: round(w / scale) + 85 = round(169.78, -85.22, 2.00, 0.67, 84.56, -0.67) + 85.
        assertThat(floats(initializer(quantized, "W_scale"))).containsExactly((255 / 64f + 2f) / 255);
        assertThat(unsigned(initializer(quantized, "W_zero_point"))).containsExactly(85);
        assertThat(unsigned(initializer(quantized, "W_quantized"))).containsExactly(255, 0, 87, 86, 170, 84);
        assertThat(initializer(quantized, "W_quantized").getDataType())
                .isEqualTo(TensorProto.DataType.UINT8.getNumber());
        assertThat(initializer(quantized, "W_quantized").getDimsList()).containsExactly(2L, 3L);
        assertThat(initializer(quantized, "W_scale").getDimsList()).isEmpty();
    }

    @Test
    void perChannelEachOutputColumnHasItsScaleAndZeroPoint() throws ModelLoadException {
        ModelProto quantized = DynamicQuantizer.quantize(model(), Granularity.PER_CHANNEL);
        // Columns: scale 1/64, zero point 0; scale 1/64, zero point 128; scale (4/64) / 255, zero point
        // round(63.75) = 64, where 3/64 becomes round(191.25) + 64 = 255 and -1/64 becomes -64 + 64 = 0.
        assertThat(floats(initializer(quantized, "W_scale"))).containsExactly(1 / 64f, 1 / 64f, (4 / 64f) / 255);
        assertThat(unsigned(initializer(quantized, "W_zero_point"))).containsExactly(0, 128, 64);
        assertThat(unsigned(initializer(quantized, "W_quantized"))).containsExactly(255, 0, 255, 1, 255, 0);
        assertThat(initializer(quantized, "W_zero_point").getDataType())
                .isEqualTo(TensorProto.DataType.UINT8.getNumber());
        assertThat(initializer(quantized, "W_scale").getDimsList()).containsExactly(3L);
    }

    @Test
    void aValueOnTheEdgeOfTheRangeIsClampedAndAnAllZeroColumnKeepsScaleOne() throws ModelLoadException {
        // Column 0 spans [-127.5/64, 127.5/64]: scale 1/64, zero point round(127.5) = 128 (half to even), so
        // 127.5/64 becomes round(127.5) + 128 = 256, clamped to 255. Column 1 is all zero.
        OnnxGraphBuilder graph = new OnnxGraphBuilder("edges");
        graph.input("X", TensorProto.DataType.FLOAT, "batch", "two");
        graph.output("Y", TensorProto.DataType.FLOAT, "batch", "two");
        float[] weight = {127.5f / 64, 0, -127.5f / 64, 0};
        String product = graph.node("MatMul", "XW", new String[] {"X", graph.floats("W", weight, 2, 2)});
        graph.node("Relu", "Y", new String[] {product});
        ModelProto quantized = DynamicQuantizer.quantize(graph.model("test"), Granularity.PER_CHANNEL);
        assertThat(floats(initializer(quantized, "W_scale"))).containsExactly(1 / 64f, 1f);
        assertThat(unsigned(initializer(quantized, "W_zero_point"))).containsExactly(128, 0);
        assertThat(unsigned(initializer(quantized, "W_quantized"))).containsExactly(255, 0, 0, 0);
    }

    @Test
    void theChainIsOnnxRuntimesAndEachInputIsQuantizedOnce() {
        ModelProto quantized = DynamicQuantizer.quantize(model(), Granularity.PER_TENSOR);
        List<String> ops = quantized.getGraph().getNodeList().stream()
                .map(NodeProto::getOpType)
                .toList();
        assertThat(ops)
                .containsExactly(
                        "DynamicQuantizeLinear",
                        "Mul",
                        "MatMulInteger",
                        "Cast",
                        "Mul",
                        "Mul",
                        "MatMulInteger",
                        "Cast",
                        "Mul",
                        "Add");
        assertThat(quantized.getGraph().getInitializerList())
                .noneMatch(tensor ->
                        tensor.getName().equals("W") || tensor.getName().equals("V"));
        assertThat(quantized.getGraph().getOutput(0).getName()).isEqualTo("Y");
    }

    @Test
    void quantizingTwiceGivesTheSameBytes() {
        assertThat(DynamicQuantizer.quantize(model(), Granularity.PER_CHANNEL).toByteArray())
                .isEqualTo(DynamicQuantizer.quantize(model(), Granularity.PER_CHANNEL)
                        .toByteArray());
    }

    @Test
    void onnxRuntimeComputesTheProductWithinTheQuantizationError() throws Exception {
        float[][][] x = {{{0.3f, -0.7f}, {1.1f, 0.05f}}};
        float[][][] exact = run(model(), x);
        for (Granularity granularity : Granularity.values()) {
            float[][][] approximate = run(DynamicQuantizer.quantize(model(), granularity), x);
            for (int t = 0; t < 2; t++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(approximate[0][t][c])
                            .as(granularity + " [" + t + "][" + c + "]")
                            .isCloseTo(exact[0][t][c], within(0.03f));
                }
            }
        }
    }

    @Test
    void wordEmbeddingsBecomeInt8RowsWithOneScaleEach() throws Exception {
        // E [3, 2]: row maxima 127/64, 1 and 0 (a zero row keeps scale 1).
        float[] table = {127 / 64f, -1f, 0.5f, -1f, 0f, 0f};
        OnnxGraphBuilder graph = new OnnxGraphBuilder("embeddings");
        graph.input("ids", TensorProto.DataType.INT64, "batch", "sequence");
        graph.output("E", TensorProto.DataType.FLOAT, "batch", "sequence", "two");
        graph.node("Gather", "E", new String[] {graph.floats("table", table, 3, 2), "ids"});
        ModelProto quantized = DynamicQuantizer.quantize(graph.model("test"), Granularity.PER_CHANNEL);
        assertThat(signed(initializer(quantized, "table_quantized"))).containsExactly(127, -64, 64, -127, 0, 0);
        assertThat(floats(initializer(quantized, "table_scale"))).containsExactly(1 / 64f, 1 / 127f, 1f);
        assertThat(initializer(quantized, "table_scale").getDimsList()).containsExactly(3L, 1L);
        assertThat(quantized.getGraph().getInitializerList())
                .noneMatch(t -> t.getName().equals("table"));
        OrtEnvironment environment = OnnxEnvironment.get();
        try (OrtSession session = environment.createSession(quantized.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor ids = OnnxTensor.createTensor(environment, new long[][] {{1, 0, 2}});
                OrtSession.Result result = session.run(Map.of("ids", ids))) {
            float[][][] rows = (float[][][]) result.get(0).getValue();
            assertThat(rows[0][0]).containsExactly(64 / 127f, -1f);
            assertThat(rows[0][1]).containsExactly(127 / 64f, -1f);
            assertThat(rows[0][2]).containsExactly(0f, 0f);
        }
    }

    @Test
    void aWeightTwoMatMulsShareIsQuantizedOnceAndConstantsStayFloat() {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("shared");
        graph.input("X", TensorProto.DataType.FLOAT, "batch", "sequence", "two");
        graph.output("Y", TensorProto.DataType.FLOAT, "batch", "sequence", "three");
        String weight = graph.floats("W", W, 2, 3);
        String fromInput = graph.node("MatMul", "XW", new String[] {"X", weight});
        String fromConstant = graph.node("MatMul", "CW", new String[] {graph.floats("C", V, 1, 2), weight});
        graph.node("Add", "Y", new String[] {fromInput, fromConstant});
        ModelProto quantized = DynamicQuantizer.quantize(graph.model("test"), Granularity.PER_TENSOR);
        assertThat(quantized.getGraph().getInitializerList())
                .extracting(TensorProto::getName)
                .doesNotHaveDuplicates()
                .contains("W", "W_quantized", "C");
        assertThat(quantized.getGraph().getNodeList())
                .filteredOn(node -> node.getOpType().equals("MatMul"))
                .extracting(node -> node.getInput(0))
                .containsExactly("C");
    }

    /** {@code Y = X·W + X·V'}, with {@code V'} the column V broadcast: two MatMuls on the same input. */
    private static ModelProto model() {
        OnnxGraphBuilder graph = new OnnxGraphBuilder("hand_made");
        graph.input("X", TensorProto.DataType.FLOAT, "batch", "sequence", "two");
        graph.output("Y", TensorProto.DataType.FLOAT, "batch", "sequence", "three");
        String xw = graph.node("MatMul", "XW", new String[] {"X", graph.floats("W", W, 2, 3)});
        String xv = graph.node("MatMul", "XV", new String[] {"X", graph.floats("V", V, 2, 1)});
        graph.node("Add", "Y", new String[] {xw, xv});
        return graph.model("test");
    }

    private static float[][][] run(ModelProto model, float[][][] x) throws Exception {
        OrtEnvironment environment = OnnxEnvironment.get();
        try (OrtSession session = environment.createSession(model.toByteArray(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(environment, x);
                OrtSession.Result result = session.run(Map.of("X", input))) {
            return (float[][][]) result.get(0).getValue();
        }
    }

    private static TensorProto initializer(ModelProto model, String name) {
        return model.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static float[] floats(TensorProto tensor) throws ModelLoadException {
        return new OnnxInitializers(Path.of(".")).floats(tensor);
    }

    private static int[] signed(TensorProto tensor) {
        byte[] raw = tensor.getRawData().toByteArray();
        int[] values = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = raw[i];
        }
        return values;
    }

    private static int[] unsigned(TensorProto tensor) {
        byte[] raw = tensor.getRawData().toByteArray();
        int[] values = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = Byte.toUnsignedInt(raw[i]);
        }
        return values;
    }
}
