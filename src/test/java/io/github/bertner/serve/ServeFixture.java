package io.github.bertner.serve;

import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.TestModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A server on 127.0.0.1 (a free port) for one test class, and a client for it. */
final class ServeFixture implements AutoCloseable {
    static final String MODEL = "danish";

    final NerServer server;
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private ServeFixture(NerServer server) {
        this.server = server;
    }

    /** The demo model as {@value #MODEL}, with the default settings on a free port. */
    static ServeFixture demo() throws Exception {
        return start(ServeSettings.defaults().withPort(0), List.of(source(MODEL, TestModels.MINI)), ServeFixture::open);
    }

    /** The demo model as {@code danish} and the GLiNER fixture as {@code gliner}, with these settings. */
    static ServeFixture danishAndGliner(ServeSettings settings) throws Exception {
        return start(
                settings,
                List.of(
                        source("danish", TestModels.MINI),
                        source("gliner", java.nio.file.Path.of("testdata", "gliner", "onnx"))),
                ServeFixture::open);
    }

    /** A server with these settings (on a free port) and models. */
    static ServeFixture start(ServeSettings settings, List<NamedModel> sources, ModelOpener opener) throws Exception {
        return start(settings, sources, opener, null);
    }

    /** A server with these settings (on a free port), models and training (null for none). */
    static ServeFixture start(
            ServeSettings settings, List<NamedModel> sources, ModelOpener opener, ServeTraining training)
            throws Exception {
        NerServer server = NerServer.start(settings, sources, opener, training);
        server.awaitLoaded();
        return new ServeFixture(server);
    }

    static NamedModel source(String name, java.nio.file.Path directory) {
        return new NamedModel(name, ModelLocation.directory(directory));
    }

    /** Loads a model with the default configuration. */
    static Recognizer open(NamedModel source) throws io.github.bertner.ModelLoadException {
        return Recognizers.load(source.location(), RecognizerConfig.defaults());
    }

    URI uri(String path) {
        return server.uri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(postRequest(path, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpRequest postRequest(String path, String body) {
        return HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String json(Object value) throws Exception {
        return JsonRequests.JSON.writeValueAsString(value);
    }

    static Map<String, Object> object(Object... keysAndValues) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Override
    public void close() {
        server.close();
    }
}
