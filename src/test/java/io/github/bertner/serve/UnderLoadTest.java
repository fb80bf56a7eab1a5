package io.github.bertner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.EntityTypes;
import io.github.bertner.TestModels;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Bursts, deadlines and stopping, with a model whose runs the test slows down or holds. */
class UnderLoadTest {
    private static final String BODY = "{\"text\": \"Mette Frederiksen bor i København.\"}";
    private static final String PATH = "/v1/models/slow/entities";

    @Test
    void aBurstOfTenTimesTheQueueGetsEveryRequestAnAnswerWithinTheDeadline() throws Exception {
        Duration timeout = Duration.ofSeconds(5);
        AtomicReference<SlowRecognizer> model = new AtomicReference<>();
        try (ServeFixture fixture = slowServer(4, timeout, 150, true, model)) {
            List<CompletableFuture<Timed>> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                burst.add(Timed.postAsync(fixture, PATH, BODY));
            }
            int ok = 0;
            int refused = 0;
            for (CompletableFuture<Timed> request : burst) {
                Timed answer = request.get(30, TimeUnit.SECONDS);
                assertThat(answer.response.statusCode())
                        .as(answer.response.body())
                        .isIn(200, 503);
                assertThat(answer.elapsed).isLessThan(timeout.plusSeconds(1));
                if (answer.response.statusCode() == 503) {
                    refused++;
                    assertThat(answer.response.headers().firstValue("Retry-After"))
                            .hasValue("1");
                    assertThat(answer.response.body()).contains("requests are already waiting for model 'slow'");
                } else {
                    ok++;
                }
            }
            assertThat(ok).isGreaterThanOrEqualTo(5);
            assertThat(refused).isGreaterThan(0);
            assertThat(fixture.get("/metrics").body()).contains("bert_ner_request_errors_total{route=\"entities\"}");
        }
    }

    @Test
    void aRequestPastItsDeadlineFailsAloneAndTheNextOneIsServed() throws Exception {
        AtomicReference<SlowRecognizer> model = new AtomicReference<>();
        try (ServeFixture fixture = slowServer(16, Duration.ofSeconds(1), 0, false, model)) {
            CompletableFuture<Timed> running = Timed.postAsync(fixture, PATH, BODY);
            while (model.get() == null || model.get().runs.get() == 0) {
                Thread.sleep(5);
            }
            Timed waiting = Timed.post(fixture, PATH, BODY);
            assertThat(waiting.response.statusCode())
                    .as("a request that waited for another: the server is busy")
                    .isEqualTo(503);
            assertThat(waiting.response.headers().firstValue("Retry-After")).isPresent();
            assertThat(waiting.response.body()).contains("could not answer within the request timeout");
            assertThat(waiting.elapsed).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
            Timed ran = running.get(10, TimeUnit.SECONDS);
            assertThat(ran.response.statusCode())
                    .as("a request that ran for its whole time: a retry cannot succeed")
                    .isEqualTo(422);
            assertThat(ran.response.headers().firstValue("Retry-After")).isEmpty();
            assertThat(ran.response.body()).contains("too long to tag within --request-timeout 1 s (5 words)");
            model.get().open();
            HttpResponse<String> next = fixture.post(PATH, BODY);
            assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
            assertThat(next.body()).contains("\"entities\"");
        }
    }

    @Test
    void stoppingFinishesTheRequestsInFlightAndTakesNoNewOnes() throws Exception {
        AtomicReference<SlowRecognizer> model = new AtomicReference<>();
        ServeFixture fixture = slowServer(64, Duration.ofSeconds(20), 0, false, model);
        List<CompletableFuture<Timed>> inFlight = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            inFlight.add(Timed.postAsync(fixture, PATH, BODY));
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (model.get().runs.get() == 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
        java.net.http.HttpRequest afterStop = fixture.postRequest(PATH, BODY);
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(fixture::close);
        Thread.sleep(300);
        assertThat(stopping).isNotDone();
        assertThat(refusedOrUnavailable(afterStop))
                .as("a request after stopping began")
                .isTrue();
        model.get().open();
        stopping.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<Timed> request : inFlight) {
            HttpResponse<String> response = request.get(30, TimeUnit.SECONDS).response;
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(model.get().isClosed()).isTrue();
    }

    private static boolean refusedOrUnavailable(java.net.http.HttpRequest request) {
        try {
            java.net.http.HttpClient fresh = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1)
                    .build();
            return fresh.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 503;
        } catch (java.io.IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ServeFixture slowServer(
            int maxQueue, Duration timeout, long delayMillis, boolean open, AtomicReference<SlowRecognizer> model)
            throws Exception {
        ServeSettings settings = new ServeSettings(
                "127.0.0.1", 0, maxQueue, timeout, 1 << 20, 32, Duration.ofMillis(2), Map.of(), EntityTypes.model());
        return ServeFixture.start(settings, List.of(ServeFixture.source("slow", TestModels.MINI)), source -> {
            SlowRecognizer slow = new SlowRecognizer(ServeFixture.open(source), delayMillis, open);
            model.set(slow);
            return slow;
        });
    }

    /** A response and how long it took. */
    private record Timed(HttpResponse<String> response, Duration elapsed) {
        /** Sends without waiting, so that many requests are in flight at once. */
        static CompletableFuture<Timed> postAsync(ServeFixture fixture, String path, String body) {
            long started = System.nanoTime();
            return fixture.client
                    .sendAsync(fixture.postRequest(path, body), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> new Timed(response, Duration.ofNanos(System.nanoTime() - started)));
        }

        static Timed post(ServeFixture fixture, String path, String body) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = fixture.post(path, body);
                return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
