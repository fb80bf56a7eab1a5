package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.github.bertner.ArchitectureFixtures;
import io.github.bertner.Int8Weights;
import io.github.bertner.ModelLoadException;
import io.github.bertner.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which int8 weights can saturate the 16-bit pair sums of u8×s8 kernels without VNNI: a uint8 activation of up to
 * 255 times a pair of rows {@code 2j, 2j+1} of one column must stay within 32767, so a same-sign pair may add up
 * to 128 in magnitude and no more (255·128 = 32640, 255·129 = 32895).
 */
@Tag("unit")
class Int8WeightScanTest {
    @TempDir
    Path temp;

    @Test
    void aSameSignPairOfRowsBeyond128Saturates() {
        assertThat(Int8WeightScan.canSaturate(new byte[] {100, 0, 29, 0}, 2)).isTrue();
        assertThat(Int8WeightScan.canSaturate(new byte[] {0, -100, 0, -29}, 2)).isTrue();
    }

    @Test
    void pairsUpTo128OppositeSignsAndOddAlignedRowsDoNot() {
        assertThat(Int8WeightScan.canSaturate(new byte[] {100, 0, 28, 0}, 2)).isFalse();
        assertThat(Int8WeightScan.canSaturate(new byte[] {127, -128, -127, 127}, 2))
                .isFalse();
        assertThat(Int8WeightScan.canSaturate(new byte[] {0, 100, 100, 0}, 1)).isFalse();
        assertThat(Int8WeightScan.canSaturate(new byte[] {64, 64, 64}, 1)).isFalse();
    }

    @Test
    void aGraphCountsItsIntegerProductsAndNamesAWeightThatSaturates() throws Exception {
        Int8Weights weights = Int8WeightScan.scan(write(
                product("MatMulInteger", 1, int8("safe", 64, 64, -64, -64)),
                product("MatMulInteger", 1, int8("wide", 127, 0, 2, 0)),
                product("QLinearMatMul", 3, int8("static", 100, 0, 100, 0))));
        assertThat(weights.products()).isEqualTo(3);
        assertThat(weights.saturating()).isEqualTo(2);
        assertThat(weights.example()).hasValue("static");
    }

    @Test
    void uint8WeightsAndFloatModelsCannotSaturate() throws Exception {
        TensorProto uint8 = int8("unsigned", 255, 255, 255, 255).toBuilder()
                .setDataType(TensorProto.DataType.UINT8.getNumber())
                .build();
        assertThat(Int8WeightScan.scan(write(product("MatMulInteger", 1, uint8)))
                        .canSaturate())
                .isFalse();
        assertThat(Int8WeightScan.scan(
                        TestModels.TINY_MODELS.resolve("no-token-types").resolve("model.onnx")))
                .isEqualTo(Int8Weights.NONE);
    }

    @Test
    void onnxRuntimesInt8WeightsSaturateAndItsSevenBitAndUint8WeightsDoNot() throws Exception {
        Path schemes = ArchitectureFixtures.ARCHITECTURES.resolve("bert").resolve("onnxruntime-int8");
        Int8Weights full = Int8WeightScan.scan(schemes.resolve("qint8.onnx"));
        assertThat(full.products()).isGreaterThan(5);
        assertThat(full.saturating()).isEqualTo(full.products());
        assertThat(Int8WeightScan.scan(schemes.resolve("qint8-reduce-range.onnx"))
                        .canSaturate())
                .isFalse();
        assertThat(Int8WeightScan.scan(schemes.resolve("quint8.onnx")).canSaturate())
                .isFalse();
    }

    @Test
    void aFileThatIsNotOnnxIsNamed() throws Exception {
        Path file = Files.write(temp.resolve("model_quantized.onnx"), new byte[] {(byte) 0xff, (byte) 0xff, 1});
        assertThatThrownBy(() -> Int8WeightScan.scan(file))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(file.toString());
    }

    /** A {@code [2, 2]} int8 weight, row-major. */
    private static TensorProto int8(String name, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT8.getNumber())
                .addDims(2)
                .addDims(values.length / 2)
                .setRawData(ByteString.copyFrom(bytes))
                .build();
    }

    private record Product(NodeProto node, TensorProto weight) {}

    private static Product product(String op, int weightInput, TensorProto weight) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).addOutput(weight.getName() + "_out");
        for (int i = 0; i < weightInput; i++) {
            node.addInput("a" + i);
        }
        node.addInput(weight.getName());
        return new Product(node.build(), weight);
    }

    private Path write(Product... products) throws Exception {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("products");
        for (Product product : products) {
            graph.addNode(product.node()).addInitializer(product.weight());
        }
        Path file = temp.resolve("model.onnx");
        Files.write(file, ModelProto.newBuilder().setGraph(graph).build().toByteArray());
        return file;
    }
}
