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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The quantizer on a hand-made graph: two MatMuls by constant weights that read the same input. Weights
 * are multiples of 1/64 so that every scale and quantized value below is exact, worked out by hand.
 */
@Tag("unit")
class DynamicQuantizerTest {
    /** {@code [2, 3]}: column maxima 127/64, 64/64 and 2.5/64; overall maximum 127/64. */
    private static final float[] W = {127 / 64f, -1f, 2.5f / 64, 2.5f / 64, 3.5f / 64, -2.5f / 64};

    private static final float[] V = {1f, -0.5f};

    @Test
    void perTensorScaleIsTheLargestMagnitudeOver127AndValuesRoundHalfToEven() throws ModelLoadException {
        ModelProto quantized = DynamicQuantizer.quantize(model(), Granularity.PER_TENSOR);
        assertThat(floats(initializer(quantized, "W_scale"))).containsExactly(1 / 64f);
        assertThat(bytes(initializer(quantized, "W_quantized"))).containsExactly(127, -64, 2, 2, 4, -2);
        assertThat(bytes(initializer(quantized, "W_zero_point"))).containsExactly(0);
        assertThat(initializer(quantized, "W_quantized").getDimsList()).containsExactly(2L, 3L);
        assertThat(initializer(quantized, "W_scale").getDimsList()).isEmpty();
    }

    @Test
    void perChannelScalesAreOnePerOutputColumn() throws ModelLoadException {
        ModelProto quantized = DynamicQuantizer.quantize(model(), Granularity.PER_CHANNEL);
        assertThat(floats(initializer(quantized, "W_scale"))).containsExactly(1 / 64f, 1 / 127f, 2.5f / 64 / 127);
        assertThat(bytes(initializer(quantized, "W_quantized"))).containsExactly(127, -127, 127, 2, 7, -127);
        assertThat(bytes(initializer(quantized, "W_zero_point"))).containsExactly(0, 0, 0);
        assertThat(initializer(quantized, "W_scale").getDimsList()).containsExactly(3L);
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
        assertThat(bytes(initializer(quantized, "table_quantized"))).containsExactly(127, -64, 64, -127, 0, 0);
        assertThat(floats(initializer(quantized, "table_scale"))).containsExactly(1 / 64f, 1 / 127f, 1f);
        assertThat(initializer(quantized, "table_scale").getDimsList()).containsExactly(3L, 1L);
        assertThat(quantized.getGraph().getInitializerList())
                .noneMatch(t -> t.getName().equals("table"));
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
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
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
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

    private static int[] bytes(TensorProto tensor) {
        byte[] raw = tensor.getRawData().toByteArray();
        int[] values = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            values[i] = raw[i];
        }
        return values;
    }
}
