package io.github.bertner.serve;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's routes. No thread waits on a client or a model: bodies are read asynchronously, then parsed on the
 * server's thread pool (a large XMI document takes a while), requests are answered when their batch has run, and a
 * request's deadline counts from its arrival. Every error is answered {@code {"error": "…"}} with a reason and no
 * stack trace.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    /** The routes, by their name in the metrics. */
    enum Route {
        LIVE,
        READY,
        METRICS,
        MODELS,
        ENTITIES,
        HUGGING_FACE,
        PREDICT,
        TRAIN,
        TRAINING,
        UNKNOWN;

        String metricName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A model route's answer, given the body. */
    @FunctionalInterface
    private interface ModelCall {
        CompletableFuture<Answer> answer(ServedModel model, byte[] body, Duration timeout);
    }

    private final Map<String, ServedModel> models;
    private final ServeSettings settings;
    private final ServeMetrics metrics;
    private final InceptionApi inception;
    private final Map<String, TrainedModels> trained;
    private final Executor work;

    /**
     * @param work where bodies are parsed and answers written: the server's thread pool
     */
    ApiHandler(
            Map<String, ServedModel> models,
            ServeSettings settings,
            ServeMetrics metrics,
            Executor work,
            Map<String, TrainedModels> trained,
            TrainingWorker trainer) {
        this.models = models;
        this.work = work;
        this.settings = settings;
        this.metrics = metrics;
        this.trained = trained;
        this.inception = new InceptionApi(settings.labelMap(), trained, trainer);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long arrived = System.nanoTime();
        metrics.arrived();
        String[] path = segments(Request.getPathInContext(request));
        Route route = route(path);
        try {
            answerRoute(route, path, request, arrived)
                    .whenComplete((answer, failure) ->
                            write(response, callback, route, arrived, answer != null ? answer : error(failure)));
        } catch (RuntimeException e) {
            write(response, callback, route, arrived, error(e));
        }
        return true;
    }

    private CompletableFuture<Answer> answerRoute(Route route, String[] path, Request request, long arrived) {
        return switch (route) {
            case LIVE -> get(request, () -> JsonRequests.answer(Map.of("status", "live")));
            case READY -> get(request, this::readiness);
            case METRICS -> get(request, () -> new Answer(200, metrics.contentType(), metrics.scrape()));
            case MODELS -> get(request, this::modelList);
            case ENTITIES -> post(request, path[2], arrived, EntitiesApi::answer);
            case HUGGING_FACE -> post(request, path[1], arrived, HuggingFaceApi::answer);
            case PREDICT -> post(request, path[0], arrived, inception::predict);
            case TRAIN ->
                post(
                        request,
                        path[0],
                        arrived,
                        (model, body, timeout) -> CompletableFuture.completedFuture(inception.train(model, body)));
            case TRAINING -> get(request, () -> training(path[2]));
            case UNKNOWN ->
                throw HttpError.notFound("no route " + request.getMethod() + " "
                        + Request.getPathInContext(request) + "; see GET /v1/models for the models, and POST"
                        + " /{model}/predict, /{model}/train, /v1/models/{model}/entities, /models/{model}; GET"
                        + " /v1/models/{model}/training");
        };
    }

    private static String[] segments(String path) {
        return path.replaceAll("^/+|/+$", "").split("/+");
    }

    private static Route route(String[] path) {
        String joined = String.join("/", path);
        return switch (path.length) {
            case 1 -> joined.equals("metrics") ? Route.METRICS : Route.UNKNOWN;
            case 2 ->
                switch (path[0]) {
                    case "health" ->
                        path[1].equals("live") ? Route.LIVE : path[1].equals("ready") ? Route.READY : Route.UNKNOWN;
                    case "v1" -> path[1].equals("models") ? Route.MODELS : Route.UNKNOWN;
                    case "models" -> Route.HUGGING_FACE;
                    default ->
                        path[1].equals("predict")
                                ? Route.PREDICT
                                : path[1].equals("train") ? Route.TRAIN : Route.UNKNOWN;
                };
            case 4 ->
                !path[0].equals("v1") || !path[1].equals("models")
                        ? Route.UNKNOWN
                        : path[3].equals("entities")
                                ? Route.ENTITIES
                                : path[3].equals("training") ? Route.TRAINING : Route.UNKNOWN;
            default -> Route.UNKNOWN;
        };
    }

    /** A route that only reads: GET, and HEAD for the same status and headers without the body. */
    private static CompletableFuture<Answer> get(Request request, Supplier<Answer> answer) {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
            throw HttpError.methodNotAllowed(
                    Request.getPathInContext(request) + " takes GET or HEAD, not " + request.getMethod(), "GET, HEAD");
        }
        return CompletableFuture.completedFuture(answer.get());
    }

    private CompletableFuture<Answer> post(Request request, String modelName, long arrived, ModelCall call) {
        requireMethod(request, "POST");
        ServedModel model = models.get(modelName);
        if (model == null) {
            throw HttpError.notFound(
                    "no model '" + modelName + "'; this server has " + String.join(", ", models.keySet()));
        }
        model.recognizer();
        long limit = Math.min(settings.maxBodyBytes(), Integer.MAX_VALUE - 16);
        return Content.Source.asByteArrayAsync(request, (int) limit)
                .thenComposeAsync(body -> call.answer(model, body, remaining(arrived)), work);
    }

    private static void requireMethod(Request request, String method) {
        if (!request.getMethod().equals(method)) {
            throw HttpError.methodNotAllowed(
                    Request.getPathInContext(request) + " takes " + method + ", not " + request.getMethod(), method);
        }
    }

    private Duration remaining(long arrived) {
        Duration left = settings.requestTimeout().minusNanos(System.nanoTime() - arrived);
        if (left.isNegative() || left.isZero()) {
            throw HttpError.unavailable("the request timeout passed while its body arrived", Duration.ofSeconds(1));
        }
        return left;
    }

    private Answer readiness() {
        List<String> loading = new ArrayList<>();
        models.values().stream().filter(model -> !model.isReady()).forEach(model -> loading.add(model.name()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", loading.isEmpty() ? "ready" : "loading");
        body.put("loading", loading);
        Answer answer = JsonRequests.answer(body);
        return loading.isEmpty() ? answer : answer.withStatus(503, Duration.ofSeconds(5), null);
    }

    /** {@code GET /v1/models/{model}/training}: each annotator's newest training of the model. */
    private Answer training(String modelName) {
        ServedModel model = models.get(modelName);
        if (model == null) {
            throw HttpError.notFound(
                    "no model '" + modelName + "'; this server has " + String.join(", ", models.keySet()));
        }
        return JsonRequests.answer(Map.of("users", trained.get(modelName).describe()));
    }

    private Answer modelList() {
        List<Map<String, Object>> list = new ArrayList<>();
        models.values().forEach(model -> {
            Map<String, Object> description = model.describe();
            String trainingError = trained.get(model.name()).lastError();
            if (trainingError != null) {
                description.put("training_error", trainingError);
            }
            list.add(description);
        });
        return JsonRequests.answer(Map.of("models", list));
    }

    private Answer error(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpError error) {
            return JsonRequests.answer(Map.of("error", error.getMessage()))
                    .withStatus(
                            error.status(),
                            error.retryAfter().orElse(null),
                            error.allow().orElse(null));
        }
        if (cause instanceof HttpException http) {
            return errorAnswer(http.getCode(), http.getReason() != null ? http.getReason() : "bad request");
        }
        if (cause instanceof TimeoutException) {
            return errorAnswer(408, "the body did not arrive in time");
        }
        LOG.error("Request failed", cause);
        return errorAnswer(500, "internal error; the server's log has its cause");
    }

    private static Answer errorAnswer(int status, String reason) {
        return JsonRequests.answer(Map.of("error", reason)).withStatus(status, null, null);
    }

    private void write(Response response, Callback callback, Route route, long arrived, Answer answer) {
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        metrics.answered(route.metricName(), answer.status(), System.nanoTime() - arrived);
        Content.Sink.write(response, true, answer.body(), callback);
    }
}
