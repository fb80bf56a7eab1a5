package io.github.bertner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.EntityTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Malformed, oversized, truncated and stalled requests: each gets a 4xx with a reason, and nobody else suffers. */
class BadRequestsTest {
    private static final int MAX_BODY = 4096;
    private static ServeFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        ServeSettings settings = new ServeSettings(
                "127.0.0.1",
                0,
                64,
                Duration.ofSeconds(3),
                MAX_BODY,
                32,
                Duration.ofMillis(2),
                Map.of("MISC", "OTH"),
                EntityTypes.model());
        fixture = ServeFixture.danishAndGliner(settings);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void malformedJsonIsRefusedWithWhereItBreaks() throws Exception {
        assertError(fixture.post("/v1/models/danish/entities", "{\"text\": \"Mette"), 400, "not valid JSON", "line 1");
        assertError(fixture.post("/v1/models/danish/entities", "[1, 2]"), 400, "must be a JSON object");
        assertError(fixture.post("/v1/models/danish/entities", "{\"text\": 5}"), 400, "text must be a string");
        assertError(fixture.post("/v1/models/danish/entities", "{\"texts\": [\"a\", null]}"), 400, "texts[1]");
        assertError(fixture.post("/v1/models/danish/entities", "{\"tokens\": [\"a\", 7]}"), 400, "tokens[1]");
        assertError(fixture.post("/v1/models/danish/entities", "{}"), 400, "exactly one of");
        assertError(fixture.post("/models/danish", "{\"input\": \"x\"}"), 400, "unknown field", "input", "inputs");
        assertError(fixture.post("/models/danish", "{}"), 400, "inputs must be a string");
    }

    @Test
    void malformedJsonIsDescribedWithoutJacksonsInternals() throws Exception {
        for (String body :
                List.of("{\"text\": \"Mette", "{\"text\": \"x\"} {}", "{\"text\": x}", "{'text': 1}", "{\"a\"")) {
            HttpResponse<String> response = fixture.post("/v1/models/danish/entities", body);
            assertError(response, 400, "line ");
            assertThat(response.body())
                    .as(body)
                    .doesNotContain("Feature", "REDACTED", "Source", "`", "JsonNode", "bound as");
        }
        assertError(
                fixture.post("/v1/models/danish/entities", "{\"text\": \"x\"} {}"),
                400,
                "the body has more after its JSON value");
        assertError(
                fixture.post("/v1/models/danish/entities", "{\"text\": \"Mette"),
                400,
                "not valid JSON: Unexpected end-of-input");
        String deep = "{\"text\": \"x\", \"labels\": " + "[".repeat(1001) + "]".repeat(1001) + "}";
        HttpResponse<String> nested = fixture.post("/v1/models/danish/entities", deep);
        assertError(nested, 400, "nests objects and arrays more than 1000 deep");
        HttpResponse<String> longNumber = fixture.post(
                "/v1/models/danish/entities", "{\"text\": \"x\", \"threshold\": 0." + "1".repeat(1001) + "}");
        assertError(longNumber, 400, "a number is longer than 1000 characters");
        for (HttpResponse<String> response : List.of(nested, longNumber)) {
            assertThat(response.body()).doesNotContain("StreamReadConstraints", "`");
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWhereTheyStand() throws Exception {
        byte[] head = "{\"text\": \"a".getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad :
                List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(head);
            body.writeBytes(bad);
            body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
            String answer = exchange(post("/v1/models/danish/entities", body.toByteArray()), false);
            assertThat(answer)
                    .startsWith("HTTP/1.1 400")
                    .contains(String.format("not UTF-8: byte 0x%02X at offset %d", bad[0] & 0xff, head.length));
        }
    }

    @Test
    void aLoneSurrogateIsRefusedWithItsField() throws Exception {
        assertError(
                fixture.post("/v1/models/danish/entities", "{\"texts\": [\"ok\", \"a\\ud800b\"]}"),
                400,
                "texts[1] has a lone surrogate",
                "ud800 at UTF-16 offset 1");
        HttpResponse<String> pair =
                fixture.post("/v1/models/danish/entities", "{\"text\": \"Mette \\ud83d\\ude00 bor i Odense.\"}");
        assertThat(pair.statusCode()).as(pair.body()).isEqualTo(200);
        assertThat(pair.body()).contains("Mette \ud83d\ude00 bor i Odense.");
    }

    @Test
    void unknownFieldsAreRefusedByName() throws Exception {
        assertError(
                fixture.post("/v1/models/danish/entities", "{\"text\": \"x\", \"lables\": \"PER\"}"),
                400,
                "unknown field",
                "lables",
                "labels, threshold, nested, multi_label, aggregation");
        assertError(
                fixture.post("/models/danish", "{\"inputs\": \"x\", \"parameters\": {\"treshold\": 0.5}}"),
                400,
                "unknown field",
                "parameters.treshold");
        HttpResponse<String> options =
                fixture.post("/models/danish", "{\"inputs\": \"x\", \"options\": {\"wait_for_model\": true}}");
        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
    }

    @Test
    void theJsonRouteTakesWhatTheCommandLineTakes() throws Exception {
        String text = "Jens Peter Hansen kommer fra Danmark og bor i Odense.";
        HttpResponse<String> all = fixture.post("/v1/models/danish/entities", ServeFixture.json(Map.of("text", text)));
        HttpResponse<String> high = fixture.post(
                "/v1/models/danish/entities", ServeFixture.json(Map.of("text", text, "threshold", 0.999999)));
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(high.statusCode())
                .as("a threshold without labels, as --threshold alone: " + high.body())
                .isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(all.body())
                        .get("entities")
                        .size())
                .isGreaterThan(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(high.body())
                        .get("entities")
                        .size());
        assertError(
                fixture.post(
                        "/v1/models/danish/entities", "{\"text\": \"x\", \"labels\": [\"PER\"], \"threshold\": 2}"),
                400,
                "threshold must be a probability in [0, 1], was 2");
        HttpResponse<String> emptyToken =
                fixture.post("/v1/models/danish/entities", "{\"tokens\": [\"\", \"Jens\", \"Hansen\"]}");
        assertThat(emptyToken.statusCode()).as(emptyToken.body()).isEqualTo(200);
        assertThat(emptyToken.body()).contains("\"start\":1,\"end\":3,\"label\":\"PER\"");
    }

    @Test
    void theHuggingFaceRouteTakesEntityTypesUnderParameters() throws Exception {
        HttpResponse<String> named = fixture.post(
                "/models/gliner",
                "{\"inputs\": \"Mette bor i Odense.\", \"parameters\": {\"labels\": [\"person\", \"city\"],"
                        + " \"threshold\": 0.3}}");
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
        assertThat(named.body()).startsWith("[");
        assertError(
                fixture.post("/models/gliner", "{\"inputs\": \"Mette bor i Odense.\"}"),
                400,
                "zero-shot",
                "send \\\"parameters.labels\\\"");
    }

    @Test
    void whatTheModelCannotDoIsRefusedWithWhy() throws Exception {
        assertError(
                fixture.post(
                        "/models/danish", "{\"inputs\": \"x\", \"parameters\": {\"aggregation_strategy\": \"max\"}}"),
                400,
                "runs with first",
                "--aggregation max");
        assertError(
                fixture.post("/v1/models/danish/entities", "{\"text\": \"x\", \"labels\": [\"court\"]}"),
                400,
                "labels:");
        assertError(fixture.post("/v1/models/gliner/entities", "{\"text\": \"x\"}"), 400, "zero-shot", "labels");
        HttpResponse<String> named = fixture.post(
                "/v1/models/gliner/entities", "{\"text\": \"Mette bor i Odense.\", \"labels\": \"person,location\"}");
        assertThat(named.statusCode()).as(named.body()).isEqualTo(200);
    }

    @Test
    void malformedInceptionRequestsNameTheFieldAtFault() throws Exception {
        String layer = "\"metadata\": {\"layer\": \"de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity\","
                + " \"feature\": \"value\"}";
        assertError(fixture.post("/danish/predict", "{" + layer + "}"), 400, "typeSystem must be a string");
        assertError(
                fixture.post(
                        "/danish/predict", "{" + layer + ", \"typeSystem\": \"<nope\", \"document\": {\"xmi\": \"\"}}"),
                400,
                "typeSystem is not a UIMA type system description");
        String typeSystem = "<typeSystemDescription xmlns=\\\"http://uima.apache.org/resourceSpecifier\\\"><types/>"
                + "</typeSystemDescription>";
        assertError(
                fixture.post(
                        "/danish/predict",
                        "{" + layer + ", \"typeSystem\": \"" + typeSystem
                                + "\", \"document\": {\"xmi\": \"<xmi:XMI\"}}"),
                400,
                "document.xmi is not a CAS in XMI");
    }

    @Test
    void unknownModelsRoutesAndMethodsAreNamed() throws Exception {
        assertError(fixture.post("/nope/predict", "{}"), 404, "no model 'nope'", "danish, gliner");
        assertError(fixture.post("/v1/models/nope/entities", "{}"), 404, "no model 'nope'");
        assertError(fixture.post("/v2/anything/else", "{}"), 404, "no route POST /v2/anything/else");
        HttpResponse<String> get = fixture.get("/danish/predict");
        assertError(get, 405, "takes POST");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> post = fixture.post("/health/ready", "{}");
        assertError(post, 405, "takes GET or HEAD");
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void headOnTheReadingRoutesAnswersAsGetWithoutABody() throws Exception {
        for (String route : List.of("/health/live", "/health/ready", "/v1/models", "/metrics")) {
            String answer = exchange("HEAD " + route + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false);
            assertThat(answer).as(route).startsWith("HTTP/1.1 200").doesNotContain("{\"");
        }
    }

    @Test
    void anOversizedBodyIsRefusedWith413WithOrWithoutItsLength() throws Exception {
        String big = "{\"text\": \"" + "a".repeat(MAX_BODY) + "\"}";
        String withLength = exchange(
                "POST /v1/models/danish/entities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + big.length() + "\r\nConnection: close\r\n\r\n" + big,
                false);
        assertThat(withLength).startsWith("HTTP/1.1 413").contains("{\"error\":\"Request body is too large");
        String chunk = Integer.toHexString(big.length());
        String chunked = exchange(
                "POST /v1/models/danish/entities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                        + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunk + "\r\n" + big
                        + "\r\n0\r\n\r\n",
                false);
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("{\"error\":\"Request body is too large");
        assertNoStackTrace(withLength + chunked);
    }

    @Test
    void aTruncatedBodyGetsA400WithAReason() throws Exception {
        String head = "POST /v1/models/danish/entities HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"text\": \"Mette";
        String answer = exchange(head, true);
        assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"error\":\"Early EOF\"}");
        assertNoStackTrace(answer);
        assertThat(fixture.post("/v1/models/danish/entities", "{\"text\": \"Odense\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aRequestJettyCannotParseIsAnsweredInTheSameShape() throws Exception {
        String answer = exchange("GARBAGE\r\n\r\n", false);
        assertThat(answer).startsWith("HTTP/1.1 400").contains("Content-Type: application/json", "{\"error\":");
        assertNoStackTrace(answer);
    }

    @Test
    void stalledClientsHoldNoThreadThatOthersNeed() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                Socket socket = new Socket(
                        fixture.server.uri().getHost(), fixture.server.uri().getPort());
                socket.getOutputStream()
                        .write(("POST /v1/models/danish/entities HTTP/1.1\r\nHost: x\r\n"
                                        + "Content-Length: 100\r\n\r\n{\"te")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                stalled.add(socket);
            }
            long started = System.nanoTime();
            HttpResponse<String> others = fixture.post("/v1/models/danish/entities", "{\"text\": \"Odense\"}");
            assertThat(others.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("well before a stalled connection times out (8 s)")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    /** A POST request with a body of raw bytes, as the client sends it. */
    private static byte[] post(String path, byte[] body) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(
                ("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        return request.toByteArray();
    }

    private static String exchange(String request, boolean halfClose) throws IOException {
        return exchange(request.getBytes(StandardCharsets.UTF_8), halfClose);
    }

    /** Sends raw bytes, optionally closing the sending side after them, and reads the answer. */
    private static String exchange(byte[] request, boolean halfClose) throws IOException {
        try (Socket socket =
                new Socket(fixture.server.uri().getHost(), fixture.server.uri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // the server may answer and close before the whole body is sent; its answer is read below
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived before the timeout or reset is the answer
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String... reasons) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"error\":").contains(reasons);
        assertNoStackTrace(response.body());
    }

    private static void assertNoStackTrace(String body) {
        assertThat(body).doesNotContain("\tat ", "Exception", "io.github.bertner");
    }
}
