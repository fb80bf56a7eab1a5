package io.github.bertner.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics: requests and errors by route and status, requests in flight, request latency,
 * queue depth and batch sizes by model.
 */
final class ServeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Counter errors;
    private final Histogram latency;
    private final Histogram batchSizes;
    private final Gauge inFlight;
    private final AtomicLong lastArrival = new AtomicLong(System.nanoTime());

    /**
     * Registers the metrics.
     *
     * @param queueDepths each model's waiting requests, by the model's name, read at each scrape
     */
    ServeMetrics(Supplier<Map<String, Integer>> queueDepths) {
        requests = Counter.builder()
                .name("bert_ner_requests")
                .help("HTTP requests answered, by route and status")
                .labelNames("route", "status")
                .register(registry);
        errors = Counter.builder()
                .name("bert_ner_request_errors")
                .help("HTTP requests answered with a status of 400 or more, by route")
                .labelNames("route")
                .register(registry);
        latency = Histogram.builder()
                .name("bert_ner_request_duration_seconds")
                .help("Time from a request's arrival to its answer, by route")
                .labelNames("route")
                .classicOnly()
                .register(registry);
        batchSizes = Histogram.builder()
                .name("bert_ner_batch_size")
                .help("Texts or sentences per model run, by model")
                .labelNames("model")
                .classicOnly()
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .register(registry);
        inFlight = Gauge.builder()
                .name("bert_ner_requests_in_flight")
                .help("Requests received and not yet answered")
                .register(registry);
        GaugeWithCallback.builder()
                .name("bert_ner_queue_depth")
                .help("Requests waiting for a model, by model")
                .labelNames("model")
                .callback(callback -> queueDepths.get().forEach((model, depth) -> callback.call(depth, model)))
                .register(registry);
    }

    /** Counts a request that has arrived. */
    void arrived() {
        inFlight.inc();
        lastArrival.set(System.nanoTime());
    }

    /**
     * How long ago the last request arrived.
     *
     * @return nanoseconds
     */
    long sinceLastArrival() {
        return System.nanoTime() - lastArrival.get();
    }

    /** Counts an answered request. */
    void answered(String route, int status, long nanos) {
        inFlight.dec();
        requests.labelValues(route, Integer.toString(status)).inc();
        if (status >= 400) {
            errors.labelValues(route).inc();
        }
        latency.labelValues(route).observe(nanos / 1e9);
    }

    /** Counts a model run of {@code size} inputs. */
    void batchSize(String model, int size) {
        batchSizes.labelValues(model).observe(size);
    }

    /** The media type of {@link #scrape()}. */
    String contentType() {
        return writer.getContentType();
    }

    /** The metrics in Prometheus's text format. */
    String scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
