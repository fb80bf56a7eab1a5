import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.Recognizers;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.serve.NamedModel;
import io.github.bertner.serve.NerServer;
import io.github.bertner.serve.ServeSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bert-ner serve's batching against offline tagging, side by side in one JVM: each round tags the DaNE test
 * sentences offline (as `tag` does, 256 lines per call) and then through the server, sent by 32 concurrent clients
 * one sentence per request over HTTP/1.1 keep-alive connections; rounds alternate. Prints sentences/s (median and
 * spread), the ratio, and the request latency percentiles; writes target/benchmark/serve.json.
 *
 * With --against OTHER, the same server also serves a second model, sent the same sentences by the same clients
 * after the first in odd rounds and before it in even ones: prints its served sentences/s and latencies too, and the
 * median of each round's ratio of the first model's served sentences/s to the second's (such as a converted model
 * against the same graph without its packing metadata, scripts/WithoutPacking.java).
 *
 * Run: mvn -B -q package -DskipTests && java -cp target/bert-ner-cli.jar scripts/ServeBenchmark.java [MODEL] [ROUNDS] [--against OTHER]
 */
public class ServeBenchmark {
    static final int CLIENTS = 32;
    static final int LINES_PER_CALL = 256;

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "testdata/danish-ner-mini";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int against = List.of(args).indexOf("--against");
        String other = against < 0 ? null : args[against + 1];
        List<String> texts = new ArrayList<>();
        new ObjectMapper().readTree(Path.of("testdata/parity/dane-test-pipeline.json").toFile()).get("texts")
                .forEach(text -> texts.add(text.asText()));
        ModelLocation location = ModelLocation.parse(model);
        ServeSettings settings = ServeSettings.defaults().withPort(0);
        List<Double> offline = new ArrayList<>();
        List<Double> served = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        List<Double> otherServed = new ArrayList<>();
        List<Double> otherLatencies = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<NamedModel> models = new ArrayList<>(List.of(new NamedModel("m", location)));
        if (other != null) {
            models.add(new NamedModel("other", ModelLocation.parse(other)));
        }
        try (Recognizer recognizer = Recognizers.load(location, RecognizerConfig.defaults());
                NerServer server = NerServer.start(settings, models,
                        source -> Recognizers.load(source.location(), RecognizerConfig.defaults()))) {
            server.awaitLoaded();
            URI uri = server.uri().resolve("v1/models/m/entities");
            URI otherUri = server.uri().resolve("v1/models/other/entities");
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            tagOffline(recognizer, texts);
            tagServed(client, uri, texts, new ArrayList<>());
            if (other != null) {
                tagServed(client, otherUri, texts, new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                offline.add(tagOffline(recognizer, texts));
                if (other != null && round % 2 == 1) {
                    otherServed.add(tagServed(client, otherUri, texts, otherLatencies));
                }
                served.add(tagServed(client, uri, texts, latencies));
                if (other != null && round % 2 == 0) {
                    otherServed.add(tagServed(client, otherUri, texts, otherLatencies));
                }
                System.out.printf("round %d: offline %.1f, served %.1f sentences/s%s%n", round + 1,
                        offline.get(round), served.get(round),
                        other == null ? "" : String.format(", other served %.1f", otherServed.get(round)));
                if (other != null) {
                    ratios.add(served.get(round) / otherServed.get(round));
                }
            }
        }
        Collections.sort(otherLatencies);
        Collections.sort(latencies);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", model);
        result.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch"));
        result.put("sentences", texts.size());
        result.put("clients", CLIENTS);
        result.put("rounds", rounds);
        result.put("offline sentences/s", summary(offline));
        result.put("served sentences/s", summary(served));
        double ratio = median(served) / median(offline);
        result.put("served / offline", ratio);
        result.put("latency ms p50", percentile(latencies, 0.50));
        result.put("latency ms p90", percentile(latencies, 0.90));
        result.put("latency ms p99", percentile(latencies, 0.99));
        System.out.printf("offline %.1f sentences/s (spread %.1f %%), served %.1f (spread %.1f %%): %.2fx;"
                        + " latency p50 %.1f ms, p99 %.1f ms%n",
                median(offline), 100 * spread(offline), median(served), 100 * spread(served), ratio,
                percentile(latencies, 0.50), percentile(latencies, 0.99));
        Files.createDirectories(Path.of("target/benchmark"));
        if (other != null) {
            result.put("other model", other);
            result.put("other served sentences/s", summary(otherServed));
            result.put("served / other served, median of the rounds", median(ratios));
            result.put("other latency ms p50", percentile(otherLatencies, 0.50));
            result.put("other latency ms p99", percentile(otherLatencies, 0.99));
            System.out.printf("%s served %.1f sentences/s (spread %.1f %%), latency p50 %.1f ms, p99 %.1f ms;"
                            + " served / other served: %.2fx (median of the rounds' ratios, %.2f to %.2f)%n",
                    other, median(otherServed), 100 * spread(otherServed), percentile(otherLatencies, 0.50),
                    percentile(otherLatencies, 0.99), median(ratios), Collections.min(ratios),
                    Collections.max(ratios));
        }
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of("target/benchmark/serve.json").toFile(),
                result);
    }

    static double tagOffline(Recognizer recognizer, List<String> texts) {
        long started = System.nanoTime();
        for (int from = 0; from < texts.size(); from += LINES_PER_CALL) {
            recognizer.tag(texts.subList(from, Math.min(texts.size(), from + LINES_PER_CALL)), EntityTypes.model());
        }
        return texts.size() / ((System.nanoTime() - started) / 1e9);
    }

    static double tagServed(HttpClient client, URI uri, List<String> texts, List<Double> latencies) throws Exception {
        ObjectMapper json = new ObjectMapper();
        AtomicInteger next = new AtomicInteger();
        List<Double> times = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(uri)
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            json.writeValueAsString(Map.of("text", texts.get(i)))))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(response.statusCode() + " " + response.body());
                    }
                    times.add((System.nanoTime() - sent) / 1e6);
                }
                return null;
            }));
        }
        for (Future<?> client1 : running) {
            client1.get();
        }
        double rate = texts.size() / ((System.nanoTime() - started) / 1e9);
        clients.shutdown();
        latencies.addAll(times);
        return rate;
    }

    static Map<String, Object> summary(List<Double> values) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("median", median(values));
        summary.put("spread", spread(values));
        summary.put("values", values);
        return summary;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** (max - min) / median. */
    static double spread(List<Double> values) {
        return (Collections.max(values) - Collections.min(values)) / median(values);
    }

    static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
