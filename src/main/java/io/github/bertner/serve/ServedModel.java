package io.github.bertner.serve;

import io.github.bertner.Aggregation;
import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelKind;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.TokenSpan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A model the service hosts, from its loading to its closing: the recognizer, once loaded, and its batch queue.
 * Requests for it while it loads are answered 503.
 */
final class ServedModel implements AutoCloseable {
    private static final Duration RETRY_WHILE_LOADING = Duration.ofSeconds(5);

    private final NamedModel source;
    private final ServeSettings settings;
    private final ServeMetrics metrics;
    private final Executor answers;
    private volatile Recognizer recognizer;
    private volatile BatchQueue queue;
    private volatile String failure;
    private BatchQueue.BatchCall<String, List<Entity>> textCall;
    private BatchQueue.BatchCall<String[], List<TokenSpan>> tokenCall;

    /**
     * @param answers where the requests' answers are made once their batch has run, so that the batch worker goes
     *     on to the next batch at once
     */
    ServedModel(NamedModel source, ServeSettings settings, ServeMetrics metrics, Executor answers) {
        this.source = source;
        this.settings = settings;
        this.metrics = metrics;
        this.answers = answers;
    }

    String name() {
        return source.name();
    }

    /** Where the model was loaded from. */
    ModelLocation location() {
        return source.location();
    }

    /**
     * Another recognizer served as this model is, with a batch queue of its own: a model this one was trained into.
     *
     * @param trained the trained model, loaded
     * @return it, ready for requests
     */
    ServedModel serving(Recognizer trained) {
        ServedModel served = new ServedModel(source, settings, metrics, answers);
        served.loaded(trained);
        return served;
    }

    /** Makes the model available: from now on requests for it are run. */
    synchronized void loaded(Recognizer loaded) {
        Recognizer model = loaded;
        this.textCall = new BatchQueue.BatchCall<>("tag", model::tag, ServedModel::words);
        this.tokenCall = new BatchQueue.BatchCall<>("tagTokens", model::tagTokens, tokens -> tokens.length);
        this.queue = new BatchQueue(
                name(),
                settings.requestTimeout(),
                settings.batchSize(),
                settings.batchWait(),
                settings.maxQueue(),
                parallelRuns(model),
                size -> metrics.batchSize(name(), size));
        this.recognizer = model;
    }

    /** The words of a text, as white space separates them. */
    private static int words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
    }

    /** Batches run at once: as many as the model makes runs at once, at most one per core. */
    private static int parallelRuns(Recognizer model) {
        return Math.min(
                model.config().effectiveConcurrentRuns(), Runtime.getRuntime().availableProcessors());
    }

    /** Records why the model could not be loaded; requests for it are answered 503 with the reason. */
    void failed(String reason) {
        this.failure = reason;
    }

    boolean isReady() {
        return recognizer != null;
    }

    /**
     * The loaded recognizer.
     *
     * @throws HttpError 503 while the model loads or if it could not be loaded
     */
    Recognizer recognizer() {
        Recognizer loaded = recognizer;
        if (loaded == null) {
            throw HttpError.unavailable(
                    failure != null
                            ? "model '" + name() + "' could not be loaded: " + failure
                            : "model '" + name() + "' is still loading",
                    RETRY_WHILE_LOADING);
        }
        return loaded;
    }

    boolean isZeroShot() {
        return recognizer().info().kind() == ModelKind.ZERO_SHOT_SPANS;
    }

    /** The entity types of a request that names none: the server's {@code --labels}, or the model's own. */
    EntityTypes defaultTypes() {
        return settings.defaultTypes();
    }

    /**
     * The types a request gets: those it names, else the server's default, with its threshold and decoding; a
     * zero-shot model needs some. The aggregation it asks for must be the one the model runs with.
     *
     * @param options the request's options
     * @param howToName how this route's requests name types, for the message to a zero-shot model's request without
     * @throws HttpError 400 if the model cannot find the types, a zero-shot model gets none, a token classifier is
     *     asked for nested or multi-label entities, or another aggregation is asked for
     */
    EntityTypes types(RequestOptions options, String howToName) {
        options.aggregation().ifPresent(asked -> checkAggregation(asked, options.aggregationField()));
        EntityTypes types = options.types(defaultTypes());
        if (options.decoding().filter(asked -> !asked.isFlat()).isPresent() && !isZeroShot()) {
            throw HttpError.badRequest("nested, multi_label: model '" + name()
                    + "' is a token classifier, whose entities are flat and of one type each");
        }
        if (types.isModel() && isZeroShot()) {
            throw HttpError.badRequest("model '" + name() + "' is a zero-shot GLiNER model, which finds the entity"
                    + " types it is asked for: " + howToName + ", or start the server with --labels");
        }
        try {
            recognizer().check(types);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("labels: " + e.getMessage());
        }
        return types;
    }

    private void checkAggregation(Aggregation asked, String field) {
        Aggregation loaded = recognizer().config().tokenDecoding().aggregation();
        if (asked != loaded) {
            throw HttpError.badRequest(field + " is " + name(asked) + ", but model '" + name() + "' runs with "
                    + name(loaded) + "; start the server with --aggregation " + name(asked)
                    + " to serve that (each model runs with one)");
        }
    }

    private static String name(Aggregation aggregation) {
        return aggregation.name().toLowerCase(Locale.ROOT);
    }

    /** Queues texts (raw-text mode). */
    CompletableFuture<List<List<Entity>>> tag(List<String> texts, EntityTypes types, Duration timeout) {
        recognizer();
        return queue.submit(textCall, texts, types, timeout).thenApplyAsync(Function.identity(), answers);
    }

    /** Queues sentences of host tokens (host-token mode). */
    CompletableFuture<List<List<TokenSpan>>> tagTokens(List<String[]> sentences, EntityTypes types, Duration timeout) {
        recognizer();
        return queue.submit(tokenCall, sentences, types, timeout).thenApplyAsync(Function.identity(), answers);
    }

    int queueDepth() {
        BatchQueue waiting = queue;
        return waiting == null ? 0 : waiting.depth();
    }

    /** What {@code GET /v1/models} says about the model. */
    Map<String, Object> describe() {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", name());
        description.put("location", source.location().toString());
        Recognizer loaded = recognizer;
        description.put("status", loaded != null ? "ready" : failure != null ? "failed" : "loading");
        if (loaded != null) {
            boolean zeroShot = loaded.info().kind() == ModelKind.ZERO_SHOT_SPANS;
            description.put("kind", zeroShot ? "zero-shot" : "token-classification");
            description.put("aggregation", name(loaded.config().tokenDecoding().aggregation()));
            if (!zeroShot) {
                description.put("labels", loaded.entityTypes());
            }
        } else if (failure != null) {
            description.put("error", failure);
        }
        return description;
    }

    /** Answers the waiting requests 503 and closes the recognizer. */
    @Override
    public synchronized void close() {
        if (queue != null) {
            queue.close();
        }
        if (recognizer != null) {
            recognizer.close();
        }
    }
}
