package io.github.bertner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.TestModels;
import io.github.bertner.TokenSpan;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON routes against the Hugging Face pipeline's own output for the 565 DaNE test sentences (testdata/parity,
 * aggregation "first", the server's default), each sentence sent as its own request by 32 concurrent clients.
 */
class JsonRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServeFixture fixture;
    private static JsonNode reference;
    private static List<String> texts;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServeFixture.demo();
        reference = JSON.readTree(TestModels.PARITY.toFile());
        texts = new ArrayList<>();
        reference.get("texts").forEach(text -> texts.add(text.asText()));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theHuggingFaceShapedRouteAnswersWhatThePipelineFinds() throws Exception {
        List<HttpResponse<String>> responses = concurrently(
                texts,
                text -> ServeFixture.json(
                        ServeFixture.object("inputs", text, "parameters", Map.of("aggregation_strategy", "first"))),
                "/models/" + ServeFixture.MODEL);
        JsonNode expected = reference.get("outputs").get("first");
        int compared = 0;
        for (int i = 0; i < texts.size(); i++) {
            assertThat(responses.get(i).statusCode())
                    .as(responses.get(i).body())
                    .isEqualTo(200);
            JsonNode answer = JSON.readTree(responses.get(i).body());
            assertThat(describe(texts.get(i), answer, "entity_group"))
                    .as("text %d", i)
                    .isEqualTo(reference(texts.get(i), expected.get(i)));
            assertScoresClose(answer, expected.get(i));
            compared += answer.size();
        }
        assertThat(compared).isGreaterThan(400);
        assertThat(fixture.get("/metrics").body())
                .as("concurrent requests shared model runs")
                .containsPattern("bert_ner_batch_size_bucket\\{model=\"danish\",le=\"1.0\"} \\d+")
                .doesNotContain("bert_ner_batch_size_bucket{model=\"danish\",le=\"1.0\"} " + texts.size());
    }

    @Test
    void theEntitiesRouteAnswersTagsJsonForATextAndForMany() throws Exception {
        HttpResponse<String> one =
                fixture.post("/v1/models/danish/entities", ServeFixture.json(Map.of("text", texts.get(12))));
        JsonNode single = JSON.readTree(one.body());
        assertThat(single.get("text").asText()).isEqualTo(texts.get(12));
        JsonNode expected = reference.get("outputs").get("first");
        assertThat(describe(texts.get(12), single.get("entities"), "label"))
                .isEqualTo(reference(texts.get(12), expected.get(12)))
                .isNotEmpty();
        JsonNode entity = single.get("entities").get(0);
        assertThat(entity.get("text").asText())
                .isEqualTo(texts.get(12)
                        .substring(
                                entity.get("start").asInt(), entity.get("end").asInt()));

        List<String> some = texts.subList(10, 40);
        JsonNode many =
                JSON.readTree(fixture.post("/v1/models/danish/entities", ServeFixture.json(Map.of("texts", some)))
                        .body());
        assertThat(many.get("results")).hasSize(some.size());
        for (int i = 0; i < some.size(); i++) {
            assertThat(many.get("results").get(i).get("text").asText()).isEqualTo(some.get(i));
            assertThat(describe(some.get(i), many.get("results").get(i).get("entities"), "label"))
                    .isEqualTo(reference(some.get(i), expected.get(10 + i)));
        }
    }

    @Test
    void tokensAreTaggedInHostTokenMode() throws Exception {
        String[] tokens = {"Mette", "Frederiksen", "bor", "i", "København", "."};
        JsonNode answer = JSON.readTree(
                fixture.post("/v1/models/danish/entities", ServeFixture.json(Map.of("tokens", List.of(tokens))))
                        .body());
        JsonNode many = JSON.readTree(fixture.post(
                        "/v1/models/danish/entities",
                        ServeFixture.json(
                                Map.of("tokens", List.of(List.of(tokens), List.of("Odense", "er", "en", "by")))))
                .body());
        try (Recognizer tagger = Recognizers.load(
                io.github.bertner.ModelLocation.directory(TestModels.MINI), RecognizerConfig.defaults())) {
            List<TokenSpan> spans = tagger.tagTokens(tokens, EntityTypes.model());
            assertThat(spans).isNotEmpty();
            assertThat(answer.get("tokens")).hasSize(tokens.length);
            assertThat(answer.get("entities")).hasSize(spans.size());
            for (int i = 0; i < spans.size(); i++) {
                JsonNode got = answer.get("entities").get(i);
                assertThat(List.of(
                                got.get("label").asText(),
                                got.get("start").asInt(),
                                got.get("end").asInt()))
                        .isEqualTo(List.of(
                                spans.get(i).label(),
                                spans.get(i).start(),
                                spans.get(i).end()));
            }
        }
        assertThat(many.get("results")).hasSize(2);
        assertThat(many.get("results").get(0)).isEqualTo(answer);
    }

    @Test
    void theModelListAndHealthChecksDescribeTheServer() throws Exception {
        JsonNode models = JSON.readTree(fixture.get("/v1/models").body()).get("models");
        assertThat(models).hasSize(1);
        assertThat(models.get(0).get("name").asText()).isEqualTo("danish");
        assertThat(models.get(0).get("status").asText()).isEqualTo("ready");
        assertThat(models.get(0).get("labels").toString()).isEqualTo("[\"PER\",\"LOC\",\"ORG\"]");
        assertThat(fixture.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(fixture.get("/health/ready").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = fixture.get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("bert_ner_requests_total{route=\"models\",status=\"200\"}")
                .contains("bert_ner_queue_depth{model=\"danish\"} 0")
                .contains("bert_ner_request_duration_seconds_bucket{route=\"models\"");
    }

    /** Labels and UTF-16 offsets of the server's entities. */
    private static List<String> describe(String text, JsonNode entities, String labelKey) {
        return describe(text, entities, labelKey, false);
    }

    /** Labels and UTF-16 offsets of the pipeline's entities, whose offsets are code points. */
    private static List<String> reference(String text, JsonNode entities) {
        return describe(text, entities, "entity_group", true);
    }

    private static List<String> describe(String text, JsonNode entities, String labelKey, boolean codePoints) {
        List<String> described = new ArrayList<>();
        for (JsonNode entity : entities) {
            int start = entity.get("start").asInt();
            int end = entity.get("end").asInt();
            if (codePoints) {
                start = text.offsetByCodePoints(0, start);
                end = text.offsetByCodePoints(0, end);
            }
            described.add(entity.get(labelKey).asText() + "[" + start + "," + end + ")");
        }
        return described;
    }

    private static void assertScoresClose(JsonNode actual, JsonNode expected) {
        for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
            assertThat(actual.get(i).get("score").asDouble())
                    .isCloseTo(expected.get(i).get("score").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    private interface Body {
        String of(String text) throws Exception;
    }

    private static List<HttpResponse<String>> concurrently(List<String> inputs, Body body, String path)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
            for (String input : inputs) {
                String json = body.of(input);
                futures.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return fixture.post(path, json);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        clients));
            }
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            clients.shutdownNow();
        }
    }
}
