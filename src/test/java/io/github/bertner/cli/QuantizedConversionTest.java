package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import io.github.bertner.tagger.Tagger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code convert --quantize} on the demo model's weights: the int8 model labels DaNE test's words as the
 * fp32 model does (at least 99 % of them) and scores the same entity F1 (within 0.01) for the word-level
 * strategies.
 */
@Tag("slow")
class QuantizedConversionTest {
    private static final String DANE_TEST = TestModels.DANE_TEST.toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    private static Path model;

    @BeforeAll
    static void convert() {
        model = temp.resolve("converted");
        CliRun run = CliRun.of(
                "convert",
                "--model",
                TestModels.MINI_CHECKPOINT.toString(),
                "--output",
                model.toString(),
                "--quantize");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("model.onnx");
    }

    @Test
    void bothModelsAreWritten() throws Exception {
        assertThat(model.resolve("model.onnx")).isRegularFile();
        assertThat(model.resolve("model_quantized.onnx")).isRegularFile();
        assertThat(Files.size(model.resolve("model_quantized.onnx")))
                .isLessThan(Files.size(model.resolve("model.onnx")));
    }

    @Test
    void convertingAndQuantizingTwiceGivesTheSameBytes() throws Exception {
        Path again = temp.resolve("again");
        CliRun run = CliRun.of(
                "convert",
                "--model",
                TestModels.MINI_CHECKPOINT.toString(),
                "--output",
                again.toString(),
                "--quantize");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(again.resolve("model.onnx")).hasSameBinaryContentAs(model.resolve("model.onnx"));
        assertThat(again.resolve("model_quantized.onnx")).hasSameBinaryContentAs(model.resolve("model_quantized.onnx"));
    }

    @Test
    void aCheckpointDirectoryLoadedQuantizedIsQuantizedOnceInTheCache() throws Exception {
        Path checkpoint = TestModels.TINY_CHECKPOINTS.resolve("pytorch-zip");
        RecognizerConfig int8 = RecognizerConfig.builder().quantized(true).build();
        Path quantized;
        java.nio.file.attribute.FileTime written;
        try (Tagger tagger = TestModels.tagger(checkpoint, int8)) {
            quantized = tagger.info().onnxModel();
            assertThat(quantized.getFileName()).hasToString("model_quantized.onnx");
            assertThat(tagger.info().directory()).isNotEqualTo(checkpoint);
            assertThat(tagger.info().int8Weights().products()).isPositive();
            written = Files.getLastModifiedTime(quantized);
        }
        try (Tagger again = TestModels.tagger(checkpoint, int8)) {
            assertThat(again.info().onnxModel()).isEqualTo(quantized);
            assertThat(Files.getLastModifiedTime(quantized))
                    .as("not quantized a second time")
                    .isEqualTo(written);
        }
    }

    @Test
    void theInt8ModelLabelsAtLeast99PercentOfWordsAsFp32() throws Exception {
        List<String> fp32 = labels(false);
        List<String> int8 = labels(true);
        assertThat(int8).hasSameSizeAs(fp32);
        int same = 0;
        for (int i = 0; i < fp32.size(); i++) {
            same += fp32.get(i).equals(int8.get(i)) ? 1 : 0;
        }
        assertThat(fp32.size()).isGreaterThan(10_000);
        assertThat((double) same / fp32.size()).isGreaterThanOrEqualTo(0.99);
    }

    @ParameterizedTest
    @ValueSource(strings = {"first", "average", "max"})
    void entityF1StaysWithinOneHundredth(String aggregation) throws Exception {
        assertThat(f1(aggregation, true)).isCloseTo(f1(aggregation, false), within(0.01));
    }

    private static double f1(String aggregation, boolean quantized) throws Exception {
        CliRun run = onModel(
                null,
                quantized,
                "evaluate",
                "--data",
                DANE_TEST,
                "--label-map",
                "MISC=O",
                "--json",
                "--aggregation",
                aggregation);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        return result.get("micro").get("f1").asDouble();
    }

    /** The predicted label of every DaNE test word, from {@code tag --pretokenized}. */
    private static List<String> labels(boolean quantized) throws Exception {
        byte[] input = Files.readAllBytes(TestModels.DANE_TEST);
        CliRun run = onModel(input, quantized, "tag", "--pretokenized");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out()
                .lines()
                .filter(line -> !line.isBlank())
                .map(line -> line.substring(line.lastIndexOf('\t') + 1))
                .toList();
    }

    /** A command on the converted model, fp32 or int8. */
    private static CliRun onModel(byte[] input, boolean quantized, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(List.of("--model", model.toString()));
        if (quantized) {
            args.add("--quantized");
        }
        return CliRun.withInput(input, args.toArray(String[]::new));
    }
}
