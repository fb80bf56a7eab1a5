package io.github.bertner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.TestModels;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.text.AnnotationFS;
import org.junit.jupiter.api.Test;

/**
 * INCEpTION's external recommender protocol, with this test in INCEpTION's part: the project's type system (DKPro
 * Core's plus the recommender features INCEpTION adds to each layer, and its CAS metadata type), a CAS with tokens,
 * sentences and an annotator's own named entity, serialized as INCEpTION does, posted with Java's own HTTP client as
 * INCEpTION's client makes it (offering HTTP/2 on a plain connection), and the answer deserialized leniently into a
 * fresh CAS of the request's type system, as INCEpTION does.
 */
class InceptionProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMED_ENTITY = InceptionDocument.NAMED_ENTITY;
    private static final String CAS_METADATA = InceptionDocument.CAS_METADATA;
    private static final String[][] SENTENCES = {
        {"Mette", "Frederiksen", "bor", "i", "København", "."},
        {"Hun", "arbejder", "for", "Socialdemokratiet", "i", "Folketinget", "."},
        {"Lars", "Løkke", "Rasmussen", "besøgte", "Odense", "og", "Aarhus", "."}
    };

    @Test
    void predictionsAreMarkedScoredOnTheCasTokensAndInsideTheRangeWithTheWholeCasKept() throws Exception {
        ServeSettings settings = new ServeSettings(
                "127.0.0.1",
                0,
                64,
                Duration.ofSeconds(30),
                64L << 20,
                32,
                Duration.ofMillis(2),
                Map.of("PER", "OTH"),
                EntityTypes.model());
        try (ServeFixture fixture = ServeFixture.start(
                        settings, List.of(ServeFixture.source("danish", TestModels.MINI)), ServeFixture::open);
                Recognizer tagger =
                        Recognizers.load(ModelLocation.directory(TestModels.MINI), RecognizerConfig.defaults())) {
            InceptionDocument sent = new InceptionDocument(SENTENCES);
            sent.annotate(2, 4, 4, "LOC");
            int rangeBegin = sent.tokenBegin(0, 2);
            int rangeEnd = sent.tokenEnd(2, 4);
            HttpClient inceptionLike = inceptionLikeClient();
            HttpResponse<String> upgraded = inceptionLike.send(
                    HttpRequest.newBuilder(fixture.uri("/health/live")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upgraded.version()).as("the h2c upgrade is answered").isEqualTo(HttpClient.Version.HTTP_2);
            HttpResponse<String> response =
                    predict(inceptionLike, fixture, sent, range(rangeBegin, rangeEnd), null, "danish");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            JsonNode answer = JSON.readTree(response.body());
            assertThat(answer.fieldNames()).toIterable().containsExactly("document");
            String xmi = answer.get("document").asText();
            assertThat(xmi).contains("xmi:version=\"2.0\"");

            CAS received = sent.readAnswer(xmi);
            assertThat(received.getDocumentText()).isEqualTo(sent.cas.getDocumentText());
            assertThat(sent.annotations(received, CasDocument.TOKEN)).hasSize(21);
            assertThat(sent.annotations(received, CasDocument.SENTENCE)).hasSize(3);
            assertThat(sent.annotations(received, CAS_METADATA)).hasSize(1);
            List<String> annotatorsOwn = new ArrayList<>();
            List<String> predicted = new ArrayList<>();
            for (AnnotationFS entity : sent.annotations(received, NAMED_ENTITY)) {
                String described = entity.getStringValue(sent.feature("value")) + "[" + entity.getBegin() + ","
                        + entity.getEnd() + ")";
                if (entity.getBooleanValue(sent.feature(CasDocument.PREDICTED))) {
                    predicted.add(described);
                    assertThat(entity.getDoubleValue(sent.feature("value_score")))
                            .isBetween(0.0, 1.0);
                } else {
                    annotatorsOwn.add(described);
                }
            }
            assertThat(annotatorsOwn).containsExactly("LOC[" + sent.tokenBegin(2, 4) + "," + sent.tokenEnd(2, 4) + ")");
            List<String> expected = new ArrayList<>();
            String[] firstInRange = java.util.Arrays.copyOfRange(SENTENCES[0], 2, SENTENCES[0].length);
            expected.addAll(
                    sent.describe(0, 2, tagger.tagTokens(firstInRange, EntityTypes.model()), Map.of("PER", "OTH")));
            expected.addAll(
                    sent.describe(1, 0, tagger.tagTokens(SENTENCES[1], EntityTypes.model()), Map.of("PER", "OTH")));
            String[] lastInRange = java.util.Arrays.copyOfRange(SENTENCES[2], 0, 5);
            expected.addAll(
                    sent.describe(2, 0, tagger.tagTokens(lastInRange, EntityTypes.model()), Map.of("PER", "OTH")));
            assertThat(expected).isNotEmpty().anyMatch(label -> label.startsWith("OTH"));
            assertThat(predicted).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aZeroShotModelIsAskedForTheProjectsTagsAndFindsWhatGlinerFinds() throws Exception {
        JsonNode reference = JSON.readTree(
                        Path.of("testdata", "gliner", "expected.json").toFile())
                .get("host_tokens");
        String[][] sentences = new String[6][];
        for (int i = 0; i < sentences.length; i++) {
            List<String> tokens = new ArrayList<>();
            reference.get("sentences").get(i).forEach(token -> tokens.add(token.asText()));
            sentences[i] = tokens.toArray(String[]::new);
        }
        JsonNode output = flatOutput(reference.get("outputs"));
        try (ServeFixture fixture = ServeFixture.start(
                ServeSettings.defaults().withPort(0),
                List.of(ServeFixture.source("gliner", Path.of("testdata", "gliner", "onnx"))),
                ServeFixture::open)) {
            InceptionDocument sent = new InceptionDocument(sentences);
            List<Map<String, String>> tags = List.of(
                    Map.of("tag", "PER", "description", "person"),
                    Map.of("tag", "LOC", "description", "location: a place"),
                    Map.of("tag", "ORG", "description", "organization. Companies, agencies"));
            Map<String, Object> tagset = Map.of(
                    "description",
                    "Named Entity tags",
                    "tags",
                    tags,
                    "targets",
                    List.of(Map.of("type", NAMED_ENTITY, "feature", "value")));
            HttpResponse<String> response =
                    predict(inceptionLikeClient(), fixture, sent, null, List.of(tagset), "gliner");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            CAS received = sent.readAnswer(
                    JSON.readTree(response.body()).get("document").asText());
            List<String> predicted = new ArrayList<>();
            for (AnnotationFS entity : sent.annotations(received, NAMED_ENTITY)) {
                if (entity.getBooleanValue(sent.feature(CasDocument.PREDICTED))) {
                    predicted.add(entity.getStringValue(sent.feature("value")) + "[" + entity.getBegin() + ","
                            + entity.getEnd() + ")");
                }
            }
            Map<String, String> tagOf = Map.of("person", "PER", "location", "LOC", "organization", "ORG");
            List<String> expected = new ArrayList<>();
            for (int s = 0; s < sentences.length; s++) {
                for (JsonNode span : output.get("spans").get(s)) {
                    expected.add(tagOf.get(span.get(0).asText()) + "["
                            + sent.tokenBegin(s, span.get(1).asInt()) + ","
                            + sent.tokenEnd(s, span.get(2).asInt() - 1) + ")");
                }
            }
            assertThat(expected).hasSizeGreaterThan(5);
            assertThat(predicted).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void trainingIsAcknowledgedAndNothingElseHappens() throws Exception {
        try (ServeFixture fixture = ServeFixture.demo()) {
            HttpResponse<String> response = fixture.post("/danish/train", "{\"documents\": [], \"metadata\": {}}");
            assertThat(response.statusCode()).isEqualTo(204);
        }
    }

    private static JsonNode flatOutput(JsonNode outputs) {
        for (JsonNode output : outputs) {
            if (output.get("flat_ner").asBoolean()
                    && !output.get("multi_label").asBoolean()
                    && output.get("threshold").asDouble() == 0.5
                    && output.get("labels").toString().equals("[\"person\",\"location\",\"organization\"]")) {
                return output;
            }
        }
        throw new IllegalStateException("no flat output for person, location, organization at 0.5");
    }

    private static Map<String, Object> range(int begin, int end) {
        return Map.of("begin", begin, "end", end);
    }

    /** An HTTP client as INCEpTION makes it: no version set, so it offers HTTP/2 on a plain connection. */
    @Test
    void aDocumentWhoseXmiIsOneStringOfMoreThanTwentyMillionCharactersIsRead() throws Exception {
        String[][] sentences = {SENTENCES[0], {"a".repeat(24_000_000)}};
        try (ServeFixture fixture = ServeFixture.start(
                ServeSettings.defaults().withPort(0),
                List.of(ServeFixture.source("danish", TestModels.MINI)),
                ServeFixture::open)) {
            InceptionDocument sent = new InceptionDocument(sentences);
            HttpResponse<String> response = predict(
                    inceptionLikeClient(),
                    fixture,
                    sent,
                    range(0, sent.tokenEnd(0, SENTENCES[0].length - 1)),
                    null,
                    "danish");
            assertThat(response.statusCode())
                    .as(response.body()
                            .substring(0, Math.min(300, response.body().length())))
                    .isEqualTo(200);
            CAS received = sent.readAnswer(
                    JsonRequests.JSON.readTree(response.body()).get("document").asText());
            assertThat(received.getDocumentText())
                    .hasSize(sent.cas.getDocumentText().length());
        }
    }

    @Test
    void aRangeThatRunsBackwardsAndAZeroShotModelWithoutTagsAreToldWhatToDo() throws Exception {
        try (ServeFixture fixture =
                ServeFixture.danishAndGliner(ServeSettings.defaults().withPort(0))) {
            InceptionDocument sent = new InceptionDocument(SENTENCES);
            sent.annotate(2, 4, 4, "LOC");
            HttpResponse<String> backwards =
                    predict(inceptionLikeClient(), fixture, sent, range(10, 2), null, "danish");
            assertThat(backwards.statusCode()).isEqualTo(400);
            assertThat(backwards.body()).contains("metadata.range begins at 10 after it ends at 2");
            HttpResponse<String> noTags = predict(inceptionLikeClient(), fixture, sent, null, null, "gliner");
            assertThat(noTags.statusCode()).isEqualTo(400);
            assertThat(noTags.body())
                    .contains("zero-shot", "tagset in INCEpTION")
                    .doesNotContain("send \\\"labels");
        }
    }

    private static HttpClient inceptionLikeClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** Posts INCEpTION's body (with the upgrade offer if the client has no connection yet). */
    private static HttpResponse<String> predict(
            HttpClient inceptionLike,
            ServeFixture fixture,
            InceptionDocument document,
            Map<String, Object> range,
            List<?> tagsets,
            String model)
            throws Exception {
        Map<String, Object> metadata = InceptionDocument.metadata();
        if (range != null) {
            metadata.put("range", range);
        }
        Map<String, Object> body = ServeFixture.object(
                "typeSystem", document.typeSystemXml(),
                "document", ServeFixture.object("xmi", document.xmi(), "documentId", 42, "userId", "alice"),
                "metadata", metadata);
        if (tagsets != null) {
            body.put("tagsets", tagsets);
        }
        HttpRequest request = HttpRequest.newBuilder(fixture.uri("/" + model + "/predict"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ServeFixture.json(body)))
                .build();
        return inceptionLike.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
