package io.github.bertner.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The converter on the tiny checkpoints of {@code testdata/tiny-checkpoints} (one state dict in every
 * format, with torch's own logits for it) and on checkpoints it must refuse.
 */
@Tag("framework")
class CheckpointConverterTest {
    static final Path TINY = TestModels.TINY_CHECKPOINTS;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode expected;
    private static long[][] ids;
    private static long[][] mask;
    private static long[][] types;

    @TempDir
    Path temp;

    @BeforeAll
    static void readExpected() throws IOException {
        expected = JSON.readTree(TINY.resolve("expected-logits.json").toFile());
        ids = JSON.treeToValue(expected.get("input_ids"), long[][].class);
        mask = JSON.treeToValue(expected.get("attention_mask"), long[][].class);
        types = JSON.treeToValue(expected.get("token_type_ids"), long[][].class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"safetensors", "safetensors-f16", "safetensors-bf16", "pytorch-zip", "pytorch-legacy"})
    void everyFormatGivesTorchsLogits(String format) throws Exception {
        Path output = temp.resolve("converted");
        CheckpointConverter.convert(TINY.resolve(format), output, ConversionOptions.DEFAULTS);
        assertThat(output.resolve("tokenizer.json")).isRegularFile();
        assertThat(logits(output))
                .satisfies(actual -> assertThat(difference(actual, "gelu")).isLessThan(1e-5));
    }

    @Test
    void allFormatsConvertToTheSameLogits() throws Exception {
        float[][][] reference = convertAndRun(TINY.resolve("safetensors"), "reference");
        for (String format : new String[] {"safetensors-f16", "safetensors-bf16", "pytorch-zip", "pytorch-legacy"}) {
            assertThat(OnnxLogits.maxDifference(reference, convertAndRun(TINY.resolve(format), format), mask))
                    .as(format)
                    .isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu_new", "gelu_pytorch_tanh", "relu"})
    void activationsFollowTheConfig(String activation) throws Exception {
        Path checkpoint = copyOf("safetensors");
        editConfig(checkpoint, config -> config.put("hidden_act", activation));
        float[][][] actual = convertAndRun(checkpoint, "converted");
        String reference = activation.equals("relu") ? "relu" : "gelu_new";
        assertThat(difference(actual, reference)).isLessThan(1e-5);
    }

    @Test
    void aPickleThatCallsSystemIsRefusedAndNothingRuns() throws Exception {
        Path marker = Path.of("/tmp/bert-ner-pickle-ran");
        Files.deleteIfExists(marker);
        Path output = temp.resolve("converted");
        assertThatThrownBy(() -> CheckpointConverter.convert(TINY.resolve("evil"), output, ConversionOptions.DEFAULTS))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("pytorch_model.bin")
                .hasMessageContaining("posix.system")
                .hasMessageContaining("refused");
        assertThat(marker).doesNotExist();
        assertThat(output).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aTruncatedSafetensorsHeaderIsNamed() throws Exception {
        Path checkpoint = copyOf("safetensors");
        Path weights = checkpoint.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, 100));
        Path output = temp.resolve("converted");
        assertThatThrownBy(() -> CheckpointConverter.convert(checkpoint, output, ConversionOptions.DEFAULTS))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("truncated");
        assertThat(output).doesNotExist();
    }

    @Test
    void aTruncatedTensorIsNamed() throws Exception {
        Path checkpoint = copyOf("safetensors");
        Path weights = checkpoint.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() ->
                        CheckpointConverter.convert(checkpoint, temp.resolve("converted"), ConversionOptions.DEFAULTS))
                .hasMessageContaining("truncated")
                .hasMessageContaining("tensor ");
    }

    @Test
    void aConversionThatFailsAfterWritingTheGraphLeavesNothingBehind() throws Exception {
        Path checkpoint = copyOf("safetensors");
        Files.delete(checkpoint.resolve("vocab.txt"));
        Path parent = Files.createDirectories(temp.resolve("outputs"));
        Path output = parent.resolve("converted");
        assertThatThrownBy(() ->
                        CheckpointConverter.convert(checkpoint, output, ConversionOptions.DEFAULTS.withQuantize(true)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(checkpoint.toString());
        assertThat(output).doesNotExist();
        try (java.util.stream.Stream<Path> left = Files.list(parent)) {
            assertThat(left).as("the half-written staging folder is removed").isEmpty();
        }
    }

    @Test
    void aShapeThatDisagreesWithTheConfigNamesTheTensor() throws Exception {
        Path checkpoint = copyOf("pytorch-zip");
        editConfig(checkpoint, config -> config.put("intermediate_size", 32));
        assertThatThrownBy(() ->
                        CheckpointConverter.convert(checkpoint, temp.resolve("converted"), ConversionOptions.DEFAULTS))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining(
                        "bert.encoder.layer.0.intermediate.dense.weight has shape [16, 8] but config.json implies [32, 8]");
    }

    @Test
    void anotherArchitectureIsRefusedByName() throws Exception {
        Path checkpoint = copyOf("safetensors");
        editConfig(checkpoint, config -> config.put("model_type", "gpt2"));
        assertThatThrownBy(() ->
                        CheckpointConverter.convert(checkpoint, temp.resolve("converted"), ConversionOptions.DEFAULTS))
                .hasMessageContaining("model_type \"gpt2\" cannot be converted")
                .hasMessageContaining(
                        "bert, camembert, deberta-v2, distilbert, electra, modernbert, roberta, xlm-roberta");
        editConfig(checkpoint, config -> {
            config.put("model_type", "bert");
            config.putArray("architectures").add("BertForMaskedLM");
        });
        assertThatThrownBy(() ->
                        CheckpointConverter.convert(checkpoint, temp.resolve("converted"), ConversionOptions.DEFAULTS))
                .hasMessageContaining("architecture BertForMaskedLM cannot be converted");
    }

    @Test
    void anEmptyStateDictIsNamedAsSuch() {
        Path output = temp.resolve("empty");
        assertThatThrownBy(() -> CheckpointConverter.convert(
                        TINY.resolve("empty-state-dict"), output, ConversionOptions.DEFAULTS))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("pytorch_model.bin")
                .hasMessageContaining("holds no tensors");
        assertThat(output).doesNotExist();
    }

    @Test
    void anExistingOutputIsNotOverwritten() throws Exception {
        Path output = Files.createDirectories(temp.resolve("converted"));
        Files.writeString(output.resolve("keep.txt"), "mine");
        assertThatThrownBy(() ->
                        CheckpointConverter.convert(TINY.resolve("safetensors"), output, ConversionOptions.DEFAULTS))
                .hasMessageContaining("already exists");
        assertThat(output.resolve("keep.txt")).hasContent("mine");
    }

    private double difference(float[][][] actual, String activation) throws IOException {
        float[][][] want = JSON.treeToValue(expected.get("logits").get(activation), float[][][].class);
        return OnnxLogits.maxDifference(actual, want, mask);
    }

    private float[][][] convertAndRun(Path checkpoint, String name) throws Exception {
        Path output = temp.resolve(name);
        CheckpointConverter.convert(checkpoint, output, ConversionOptions.DEFAULTS);
        return logits(output);
    }

    private static float[][][] logits(Path model) throws Exception {
        try (OnnxLogits onnx = new OnnxLogits(model.resolve("model.onnx"))) {
            return onnx.run(ids, mask, types);
        }
    }

    private Path copyOf(String format) throws IOException {
        Path copy = Files.createDirectories(temp.resolve("checkpoint-" + format));
        try (Stream<Path> files = Files.list(TINY.resolve(format))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static void editConfig(Path checkpoint, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        ObjectNode config =
                (ObjectNode) JSON.readTree(checkpoint.resolve("config.json").toFile());
        edit.accept(config);
        JSON.writeValue(checkpoint.resolve("config.json").toFile(), config);
    }

    private java.util.List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(temp)) {
            return files.toList();
        }
    }
}
