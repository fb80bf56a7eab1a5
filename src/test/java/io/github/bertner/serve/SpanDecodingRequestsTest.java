package io.github.bertner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GLiNER's {@code flat_ner} and {@code multi_label} asked per request ({@code nested}, {@code multi_label}) of a
 * server started with the defaults, against what GLiNER itself returned (testdata/gliner/expected.json).
 */
class SpanDecodingRequestsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServeFixture.danishAndGliner(ServeSettings.defaults().withPort(0));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void nestedAndMultiLabelAskedPerRequestGiveGlinersEntities() throws Exception {
        JsonNode expected =
                JSON.readTree(Path.of("testdata", "gliner", "expected.json").toFile());
        List<String> texts = new ArrayList<>();
        expected.get("texts").forEach(text -> texts.add(text.asText()));
        int compared = 0;
        for (JsonNode output : expected.get("outputs")) {
            boolean nested = !output.get("flat_ner").asBoolean();
            boolean multiLabel = output.get("multi_label").asBoolean();
            if (!nested && !multiLabel) {
                continue;
            }
            HttpResponse<String> response = fixture.post(
                    "/v1/models/gliner/entities",
                    ServeFixture.json(ServeFixture.object(
                            "texts", texts,
                            "labels", output.get("labels"),
                            "threshold", output.get("threshold").asDouble(),
                            "nested", nested,
                            "multi_label", multiLabel)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode results = JSON.readTree(response.body()).get("results");
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                List<String> want = new ArrayList<>();
                for (JsonNode entity : output.get("entities").get(i)) {
                    want.add(entity.get(0).asText() + " "
                            + text.offsetByCodePoints(0, entity.get(1).asInt()) + "-"
                            + text.offsetByCodePoints(0, entity.get(2).asInt()));
                }
                List<String> got = new ArrayList<>();
                for (JsonNode entity : results.get(i).get("entities")) {
                    got.add(entity.get("label").asText() + " "
                            + entity.get("start").asInt() + "-"
                            + entity.get("end").asInt());
                }
                assertThat(got)
                        .as("%s nested %s multi-label %s", output.get("labels"), nested, multiLabel)
                        .containsExactlyInAnyOrderElementsOf(want);
                compared += want.size();
            }
        }
        assertThat(compared).isPositive();
    }

    @Test
    void aTokenClassifierIsNotAskedForNestedEntities() throws Exception {
        HttpResponse<String> response = fixture.post(
                "/v1/models/danish/entities", ServeFixture.json(Map.of("text", "Jens bor i Odense.", "nested", true)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("nested", "token classifier");
        HttpResponse<String> flat = fixture.post(
                "/v1/models/danish/entities",
                ServeFixture.json(Map.of("text", "Jens bor i Odense.", "nested", false, "multi_label", false)));
        assertThat(flat.statusCode()).as(flat.body()).isEqualTo(200);
    }

    @Test
    void aFlagThatIsNotABooleanIsNamed() throws Exception {
        HttpResponse<String> response = fixture.post(
                "/v1/models/gliner/entities",
                ServeFixture.json(Map.of("text", "Mette bor i Odense.", "labels", "person", "multi_label", "yes")));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("multi_label must be true or false");
    }
}
