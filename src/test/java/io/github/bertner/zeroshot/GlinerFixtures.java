package io.github.bertner.zeroshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.Entity;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.ConversionOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The GLiNER fixtures of {@code testdata/gliner} (made by GLiNER's own code, {@code make-gliner-fixtures.py}) and
 * comparisons with what GLiNER returned.
 */
final class GlinerFixtures {
    static final Path DIRECTORY = Path.of("testdata", "gliner");
    /** The backbone repository: config.json and the DeBERTa-v2 tokenizer files. */
    static final Path BACKBONE = DIRECTORY.resolve("backbone");
    /** model.safetensors and a gliner_config.json with encoder_config, as GLiNER saves today; no tokenizer. */
    static final Path ORIGINAL = DIRECTORY.resolve("original");
    /** pytorch_model.bin and a gliner_config.json without class_token_index or encoder_config; no tokenizer. */
    static final Path ORIGINAL_OLD = DIRECTORY.resolve("original-old");
    /** GLiNER's export_to_onnx: onnx/model.onnx, gliner_config.json, tokenizer.json. */
    static final Path ONNX = DIRECTORY.resolve("onnx");
    /** The same shape trained on DaNE ({@code make-trained-fixture.py}): model.safetensors and gliner_config.json. */
    static final Path TRAINED = DIRECTORY.resolve("trained");
    /** GLiNER's scores are float32; ours come from another graph and another runtime build. */
    static final double SCORE_TOLERANCE = 1e-4;

    private static JsonNode expected;
    private static JsonNode trainedExpected;

    private GlinerFixtures() {}

    /** The references GLiNER returned. */
    static synchronized JsonNode expected() {
        if (expected == null) {
            expected = read("expected.json");
        }
        return expected;
    }

    /** What GLiNER returned for the trained model on DaNE test sentences. */
    static synchronized JsonNode trainedExpected() {
        if (trainedExpected == null) {
            trainedExpected = read("trained-expected.json");
        }
        return trainedExpected;
    }

    private static JsonNode read(String name) {
        try {
            return new ObjectMapper().readTree(DIRECTORY.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A checkpoint layout converted with its backbone into a new directory under {@code parent}. */
    static Path converted(Path checkpoint, Path parent, boolean quantize) {
        Path output = parent.resolve(checkpoint.getFileName() + (quantize ? "-int8" : ""));
        try {
            CheckpointConverter.convert(
                    checkpoint,
                    output,
                    ConversionOptions.DEFAULTS
                            .withBackbone(Optional.of(BACKBONE))
                            .withQuantize(quantize));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return output;
    }

    /** The configuration of a reference's decoding settings. */
    static RecognizerConfig config(JsonNode settings, boolean quantized) {
        return RecognizerConfig.builder()
                .nestedSpans(!settings.path("flat_ner").asBoolean(true))
                .multiLabelSpans(settings.path("multi_label").asBoolean(false))
                .quantized(quantized)
                .build();
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** Asserts that entities are GLiNER's: same types and offsets in the same order, scores within tolerance. */
    static void assertSameEntities(String text, List<Entity> actual, JsonNode reference, String context) {
        List<String> expectedSpans = new ArrayList<>();
        List<String> actualSpans = new ArrayList<>();
        for (JsonNode entity : reference) {
            int start = text.offsetByCodePoints(0, entity.get(1).asInt());
            int end = text.offsetByCodePoints(0, entity.get(2).asInt());
            expectedSpans.add(entity.get(0).asText() + " " + start + "-" + end);
        }
        actual.forEach(entity -> actualSpans.add(entity.label() + " " + entity.start() + "-" + entity.end()));
        assertThat(actualSpans).as(context + ": " + text).isEqualTo(expectedSpans);
        for (int i = 0; i < actual.size(); i++) {
            assertThat(actual.get(i).score())
                    .as(context + ": score of " + actualSpans.get(i) + " in " + text)
                    .isCloseTo(
                            reference.get(i).get(3).asDouble(), org.assertj.core.data.Offset.offset(SCORE_TOLERANCE));
            assertThat(actual.get(i).text())
                    .isEqualTo(
                            text.substring(actual.get(i).start(), actual.get(i).end()));
        }
    }
}
