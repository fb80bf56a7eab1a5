package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.TestModels;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bert-ner serve} as a user starts and stops it. */
class ServeCommandTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+/)");

    @TempDir
    Path work;

    @Test
    void aModelNameThatIsARouteIsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = run(err, "serve", "--port", "0", "--model", "v1=" + TestModels.MINI);
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--model", "'v1' is taken by a route");
    }

    @Test
    void aModelThatCannotBeLoadedStopsTheServerWithOneLine() {
        StringWriter err = new StringWriter();
        int exit = run(err, "serve", "--port", "0", "--model", "missing=" + TestModels.MISSING);
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("listening on http://127.0.0.1:", "no-such-model")
                .doesNotContain("\tat ");
    }

    @Test
    void aPortInUseIsNamedWithTheOptionThatChoosesAnother() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            StringWriter err = new StringWriter();
            int exit = run(
                    err,
                    "serve",
                    "--port",
                    Integer.toString(taken.getLocalPort()),
                    "--model",
                    TestModels.MINI.toString());
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString().lines())
                    .singleElement()
                    .asString()
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "--port");
        }
    }

    @Test
    void sigtermStopsAcceptingAndAnswersEveryRequestInFlight() throws Exception {
        Path stdout = work.resolve("out.txt");
        Path stderr = work.resolve("err.txt");
        Process server = CliProcess.start(
                Map.of(), null, stdout, stderr, "serve", "--port", "0", "--model", "danish=" + TestModels.MINI);
        try {
            URI uri = awaitReady(server, stderr);
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                texts.add("Mette Frederiksen bor i København og arbejder i Folketinget, sagde Lars nr. " + i + ".");
            }
            String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("texts", texts));
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                inFlight.add(client.sendAsync(
                        HttpRequest.newBuilder(uri.resolve("v1/models/danish/entities"))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
            }
            awaitInFlight(client, uri, inFlight.size());
            assertThat(inFlight).as("requests still in flight at SIGTERM").anyMatch(request -> !request.isDone());
            server.destroy();
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> response = request.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).contains("\"results\"");
            }
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).as("a graceful stop").isZero();
            assertThat(Files.readString(stderr))
                    .doesNotContain("Exception")
                    .contains("bert-ner serve: SIGTERM: stopping", "bert-ner serve: stopped");
        } finally {
            server.destroyForcibly();
        }
    }

    private static URI awaitReady(Process server, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String err = Files.readString(stderr);
            Matcher listening = LISTENING.matcher(err);
            if (listening.find() && err.contains("ready")) {
                return URI.create(listening.group(1));
            }
            assertThat(server.isAlive()).as(err).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not get ready: " + Files.readString(stderr));
    }

    /** Waits until the server has received this many requests and answered none of them, as its metrics say. */
    private static void awaitInFlight(HttpClient client, URI uri, int requests) throws Exception {
        Pattern inFlight = Pattern.compile("bert_ner_requests_in_flight (\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String metrics = client.send(
                            HttpRequest.newBuilder(uri.resolve("metrics")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher received = inFlight.matcher(metrics);
            if (received.find() && Integer.parseInt(received.group(1)) >= requests + 1) { // + this scrape
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the server never had " + requests + " requests in flight");
    }

    private static int run(StringWriter err, String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setOut(new java.io.PrintWriter(new StringWriter(), true));
        return commandLine.execute(args);
    }
}
