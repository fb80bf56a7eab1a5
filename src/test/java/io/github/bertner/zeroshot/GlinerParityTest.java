package io.github.bertner.zeroshot;

import static io.github.bertner.zeroshot.GlinerFixtures.assertSameEntities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelKind;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.SpanDecoding;
import io.github.bertner.TokenSpan;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recognizer gives GLiNER's entities and scores, for GLiNER's ONNX export and for both checkpoint layouts
 * converted in Java, on every label set, threshold and decoding mode GLiNER was run with.
 */
class GlinerParityTest {
    @TempDir
    static Path converted;

    private static Path original;
    private static Path originalOld;

    @BeforeAll
    static void convert() {
        original = GlinerFixtures.converted(GlinerFixtures.ORIGINAL, converted, false);
        originalOld = GlinerFixtures.converted(GlinerFixtures.ORIGINAL_OLD, converted, false);
    }

    static Stream<String> layouts() {
        return Stream.of("onnx", "original", "original-old");
    }

    private static Path model(String layout) {
        return switch (layout) {
            case "onnx" -> GlinerFixtures.ONNX;
            case "original" -> original;
            default -> originalOld;
        };
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void everyLabelSetThresholdAndDecodingModeGivesGlinersEntities(String layout) throws ModelLoadException {
        JsonNode expected = GlinerFixtures.expected();
        List<String> texts = GlinerFixtures.strings(expected.get("texts"));
        for (JsonNode output : expected.get("outputs")) {
            try (SpanRecognizer recognizer =
                    SpanRecognizer.loadDirectory(model(layout), GlinerFixtures.config(output, false))) {
                EntityTypes types = EntityTypes.of(GlinerFixtures.strings(output.get("labels")))
                        .withThreshold(output.get("threshold").asDouble());
                List<List<Entity>> found = recognizer.tag(texts, types);
                for (int i = 0; i < texts.size(); i++) {
                    assertSameEntities(
                            texts.get(i),
                            found.get(i),
                            output.get("entities").get(i),
                            layout + " " + output.get("labels") + " " + output.get("threshold") + " flat "
                                    + output.get("flat_ner") + " multi " + output.get("multi_label"));
                }
            }
        }
    }

    @Test
    void decodingAskedPerCallGivesGlinersEntitiesFromOneRecognizer() throws ModelLoadException {
        JsonNode expected = GlinerFixtures.expected();
        List<String> texts = GlinerFixtures.strings(expected.get("texts"));
        try (SpanRecognizer recognizer =
                SpanRecognizer.loadDirectory(GlinerFixtures.ONNX, RecognizerConfig.defaults())) {
            for (JsonNode output : expected.get("outputs")) {
                SpanDecoding decoding = new SpanDecoding(
                        !output.get("flat_ner").asBoolean(),
                        output.get("multi_label").asBoolean());
                EntityTypes types = EntityTypes.of(GlinerFixtures.strings(output.get("labels")))
                        .withThreshold(output.get("threshold").asDouble())
                        .withSpanDecoding(decoding);
                List<List<Entity>> found = recognizer.tag(texts, types);
                for (int i = 0; i < texts.size(); i++) {
                    assertSameEntities(
                            texts.get(i), found.get(i), output.get("entities").get(i), "per call " + types);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void hostTokensAreGlinersWords(String layout) throws ModelLoadException {
        JsonNode hosts = GlinerFixtures.expected().get("host_tokens");
        List<String[]> sentences = new ArrayList<>();
        hosts.get("sentences")
                .forEach(sentence ->
                        sentences.add(GlinerFixtures.strings(sentence).toArray(String[]::new)));
        for (JsonNode output : hosts.get("outputs")) {
            try (SpanRecognizer recognizer =
                    SpanRecognizer.loadDirectory(model(layout), GlinerFixtures.config(output, false))) {
                EntityTypes types = EntityTypes.of(GlinerFixtures.strings(output.get("labels")))
                        .withThreshold(output.get("threshold").asDouble());
                List<List<TokenSpan>> found = recognizer.tagTokens(sentences, types);
                for (int s = 0; s < sentences.size(); s++) {
                    List<String> expectedSpans = new ArrayList<>();
                    output.get("spans")
                            .get(s)
                            .forEach(span -> expectedSpans.add(span.get(0).asText() + " "
                                    + span.get(1).asInt() + "-" + span.get(2).asInt()));
                    List<String> actualSpans = new ArrayList<>();
                    found.get(s).forEach(span -> actualSpans.add(span.label() + " " + span.start() + "-" + span.end()));
                    assertThat(actualSpans)
                            .as(String.join(" ", sentences.get(s)))
                            .isEqualTo(expectedSpans);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aTextPastMaxLenIsReadInWindowsAndGlinersEntitiesOfTheFirstAreAllFound(String layout)
            throws ModelLoadException {
        JsonNode reference = GlinerFixtures.expected().get("long");
        String text = reference.get("text").asText();
        try (SpanRecognizer recognizer =
                SpanRecognizer.loadDirectory(model(layout), GlinerFixtures.config(reference, false))) {
            List<Entity> found = recognizer.tag(
                    text,
                    EntityTypes.of(GlinerFixtures.strings(reference.get("labels")))
                            .withThreshold(reference.get("threshold").asDouble()));
            assertSameEntities(text, found, reference.get("entities"), layout + " windows");
            List<String> ours = found.stream()
                    .map(e -> e.label() + " " + e.start() + "-" + e.end())
                    .toList();
            List<String> glinersFirstWindow = new ArrayList<>();
            reference
                    .get("gliner")
                    .forEach(e -> glinersFirstWindow.add(e.get(0).asText() + " "
                            + text.offsetByCodePoints(0, e.get(1).asInt()) + "-"
                            + text.offsetByCodePoints(0, e.get(2).asInt())));
            assertThat(glinersFirstWindow).isNotEmpty();
            assertThat(ours).containsAll(glinersFirstWindow);
            int endOfFirstWindow = WordSplitter.split(text)
                    .get(reference.get("max_len").asInt() - 1)
                    .end();
            assertThat(found).anyMatch(entity -> entity.start() >= endOfFirstWindow);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aThousandTypesAreAskedInGroupsThatLeaveTheTextRoom(String layout) throws ModelLoadException {
        JsonNode reference = GlinerFixtures.expected().get("many_labels");
        List<String> texts = GlinerFixtures.strings(reference.get("texts"));
        try (SpanRecognizer recognizer =
                SpanRecognizer.loadDirectory(model(layout), io.github.bertner.RecognizerConfig.defaults())) {
            List<List<Entity>> found = recognizer.tag(
                    texts,
                    EntityTypes.of(GlinerFixtures.strings(reference.get("labels")))
                            .withThreshold(reference.get("threshold").asDouble()));
            for (int i = 0; i < texts.size(); i++) {
                assertSameEntities(
                        texts.get(i), found.get(i), reference.get("entities").get(i), layout + " groups");
                assertThat(found.get(i).size())
                        .as("GLiNER, all types in one prompt, finds fewer")
                        .isGreaterThan(reference.get("without_groups").get(i).size());
            }
        }
    }

    /**
     * The converted graph gives the logits of GLiNER's own ONNX export of the same weights for every span of a batch
     * whose texts differ in length, the spans past a text's end included: GLiNER masks them to the span at word 0,
     * and the converted graph, which makes each width's spans from the words' order, gives them that span's logits.
     */
    @Test
    void theConvertedGraphGivesTheExportsLogitsForEverySpanMaskedOnesIncluded() throws OrtException {
        float[] export = spanLogits(GlinerFixtures.ONNX.resolve("onnx").resolve("model.onnx"));
        float[] conversion = spanLogits(original.resolve("model.onnx"));
        assertThat(conversion).hasSize(2 * 4 * 12 * 2).containsExactly(export, within(1e-4f));
    }

    /**
     * Logits of two rows with two types each ({@code <<ENT>>} is token 2106): four words and two, each a token; the
     * second row padded. Spans and their mask as GLiNER makes them.
     */
    private static float[] spanLogits(Path model) throws OrtException {
        long marker = 2106;
        long[][] ids = {
            {1, marker, 11, marker, 12, 3, 20, 21, 22, 23, 2}, {1, marker, 11, marker, 12, 3, 30, 31, 2, 0, 0}
        };
        long[][] mask = {{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}};
        long[][] wordsMask = {{0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0}, {0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0}};
        long[][] textLengths = {{4}, {2}};
        int words = 4;
        int widths = 12;
        long[][][] spanIndex = new long[2][words * widths][2];
        boolean[][] spanMask = new boolean[2][words * widths];
        for (int row = 0; row < 2; row++) {
            for (int start = 0; start < words; start++) {
                for (int width = 0; width < widths; width++) {
                    spanIndex[row][start * widths + width] = new long[] {start, start + width};
                    spanMask[row][start * widths + width] = start + width < textLengths[row][0];
                }
            }
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OrtSession session = environment.createSession(model.toString())) {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask));
            inputs.put("words_mask", OnnxTensor.createTensor(environment, wordsMask));
            inputs.put("text_lengths", OnnxTensor.createTensor(environment, textLengths));
            inputs.put("span_idx", OnnxTensor.createTensor(environment, spanIndex));
            inputs.put("span_mask", OnnxTensor.createTensor(environment, spanMask));
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer logits = ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer();
                float[] values = new float[logits.remaining()];
                logits.get(values);
                return values;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Test
    void infoSaysWhatKindOfModelItIs() throws ModelLoadException {
        try (SpanRecognizer recognizer =
                SpanRecognizer.loadDirectory(GlinerFixtures.ONNX, io.github.bertner.RecognizerConfig.defaults())) {
            assertThat(recognizer.info().kind()).isEqualTo(ModelKind.ZERO_SHOT_SPANS);
            assertThat(recognizer.info().modelType()).isEqualTo("gliner (deberta-v2)");
            assertThat(recognizer.info().labels()).isEmpty();
            assertThat(recognizer.modelConfig().maxWidth()).isEqualTo(12);
        }
    }
}
