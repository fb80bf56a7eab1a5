package io.github.bertner.serve;

import io.github.bertner.ModelKind;
import io.github.bertner.ModelLoadException;
import io.github.bertner.Recognizer;
import io.github.bertner.internal.Arguments;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP service over one or more models ({@code bert-ner serve}): it listens at once, loads the models one after
 * another in the background ({@code /health/ready} answers 200 when all are loaded, a request for a model still
 * loading gets 503), and on {@link #close()} stops accepting, finishes the requests in flight and releases the
 * models. Call {@link #close()} before the JVM shuts down, not from a shutdown hook: ONNX Runtime releases its
 * environment in a shutdown hook of its own, which would run under the requests still in flight ({@code bert-ner
 * serve} stops on SIGTERM and SIGINT itself, before shutting down). Plain HTTP/1.1, and HTTP/2 for clients that upgrade a plain connection ({@code h2c}, as Java's own
 * {@code HttpClient} and so INCEpTION do) or start with it.
 *
 * <pre>{@code
 * try (NerServer server = NerServer.start(ServeSettings.defaults(),
 *         List.of(NamedModel.parse("danish=hf:Maltehb/danish-bert-botxo-ner-dane")),
 *         source -> Recognizers.load(source.location(), RecognizerConfig.defaults()))) {
 *     server.awaitLoaded();
 *     server.join();
 * }
 * }</pre>
 */
public final class NerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NerServer.class);

    private static final long QUIET_MILLIS = 250;
    private static final long DRAIN_MILLIS = 2_000;
    private static final long SILENCE_MARGIN_MILLIS = 5_000;

    private final Server server;
    private final ServerConnector connector;
    private final Map<String, ServedModel> models;
    private final CompletableFuture<Void> loading;
    private final ServeMetrics metrics;
    private final Map<String, TrainedModels> trained;
    private final TrainingWorker trainer;
    private boolean closed;

    private NerServer(
            Server server,
            ServerConnector connector,
            Map<String, ServedModel> models,
            CompletableFuture<Void> loading,
            ServeMetrics metrics,
            Map<String, TrainedModels> trained,
            TrainingWorker trainer) {
        this.server = server;
        this.connector = connector;
        this.models = models;
        this.loading = loading;
        this.metrics = metrics;
        this.trained = trained;
        this.trainer = trainer;
    }

    /**
     * Starts listening, and loading the models in the background.
     *
     * @param settings where to listen, how to queue and label
     * @param sources the models, each under its own name
     * @param opener loads a model
     * @return the running server
     * @throws IllegalArgumentException if there are no models, or two with one name
     * @throws Exception if the server cannot listen (the port is taken, the host is not this machine's)
     */
    public static NerServer start(ServeSettings settings, List<NamedModel> sources, ModelOpener opener)
            throws Exception {
        return start(settings, sources, opener, null);
    }

    /**
     * Starts listening, and loading the models in the background; with training, INCEpTION's {@code train} requests
     * fine-tune each token classifier into one model per annotator, and the models trained before (in the state
     * directory) are loaded with their base models.
     *
     * @param settings where to listen, how to queue and label
     * @param sources the models, each under its own name
     * @param opener loads a model, and a trained model (a checkpoint directory under the model's name)
     * @param training how to train on {@code train} requests, or null to learn nothing from them
     * @return the running server
     * @throws IllegalArgumentException if there are no models, or two with one name
     * @throws Exception if the server cannot listen (the port is taken, the host is not this machine's), or the state
     *     directory cannot be made
     */
    public static NerServer start(
            ServeSettings settings, List<NamedModel> sources, ModelOpener opener, ServeTraining training)
            throws Exception {
        Arguments.require(settings, "settings");
        Arguments.require(sources, "sources");
        Arguments.require(opener, "opener");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no models to serve");
        }
        Map<String, ServedModel> models = new LinkedHashMap<>();
        ServeMetrics metrics = new ServeMetrics(() -> queueDepths(models));
        QueuedThreadPool threads = threadPool();
        for (NamedModel source : sources) {
            if (models.putIfAbsent(source.name(), new ServedModel(source, settings, metrics, threads)) != null) {
                throw new IllegalArgumentException(
                        "two models are named '" + source.name() + "'; give one another name with NAME=LOCATION");
            }
        }
        Map<String, ServedModel> hosted = Collections.unmodifiableMap(models);
        Map<String, TrainedModels> trained = new LinkedHashMap<>();
        hosted.forEach((name, model) -> trained.put(name, new TrainedModels(model)));
        TrainingWorker trainer = training == null ? null : new TrainingWorker(training, opener);
        Server server = new Server(threads);
        ServerConnector connector = connector(server, settings);
        server.addConnector(connector);
        server.setHandler(handlers(hosted, settings, metrics, threads, trained, trainer));
        server.setErrorHandler(new JsonErrors());
        server.setStopTimeout(settings.requestTimeout().toMillis() + 5_000);
        try {
            server.start();
        } catch (Exception e) {
            if (trainer != null) {
                trainer.close();
            }
            throw e;
        }
        CompletableFuture<Void> loading =
                CompletableFuture.runAsync(() -> load(sources, hosted, opener, trained, trainer), runnable -> {
                    Thread thread = new Thread(runnable, "bert-ner-model-loader");
                    thread.setDaemon(true);
                    thread.start();
                });
        return new NerServer(server, connector, hosted, loading, metrics, trained, trainer);
    }

    private static QueuedThreadPool threadPool() {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("bert-ner-serve");
        return threads;
    }

    private static ServerConnector connector(Server server, ServeSettings settings) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        HTTP2CServerConnectionFactory http2 = new HTTP2CServerConnectionFactory(http);
        http2.setStreamIdleTimeout(silentConnectionMillis(settings));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http), http2);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(silentConnectionMillis(settings));
        return connector;
    }

    /**
     * How long a connection may stay silent: the request timeout and a margin, so that a request answered at its
     * deadline is not raced by its connection's idle timeout (a client reusing the connection would find it closed).
     */
    private static long silentConnectionMillis(ServeSettings settings) {
        return settings.requestTimeout().toMillis() + SILENCE_MARGIN_MILLIS;
    }

    private static Map<String, Integer> queueDepths(Map<String, ServedModel> models) {
        Map<String, Integer> depths = new LinkedHashMap<>();
        models.forEach((name, model) -> depths.put(name, model.queueDepth()));
        return depths;
    }

    /** Graceful stopping around a body size limit around the routes. */
    private static GracefulHandler handlers(
            Map<String, ServedModel> models,
            ServeSettings settings,
            ServeMetrics metrics,
            Executor work,
            Map<String, TrainedModels> trained,
            TrainingWorker trainer) {
        SizeLimitHandler sizeLimit = new SizeLimitHandler(settings.maxBodyBytes(), -1);
        sizeLimit.setHandler(new ApiHandler(models, settings, metrics, work, trained, trainer));
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(sizeLimit);
        return graceful;
    }

    private static void load(
            List<NamedModel> sources,
            Map<String, ServedModel> models,
            ModelOpener opener,
            Map<String, TrainedModels> trained,
            TrainingWorker trainer) {
        ModelLoadException first = null;
        for (NamedModel source : sources) {
            ServedModel model = models.get(source.name());
            try {
                Recognizer recognizer = opener.open(source);
                if (trainer != null && recognizer.info().kind() == ModelKind.TOKEN_CLASSIFICATION) {
                    trainer.restore(trained.get(source.name()));
                }
                model.loaded(recognizer);
                LOG.info("Model '{}' loaded from {}", source.name(), source.location());
                if (!recognizer.config().spanDecoding().isFlat()
                        && recognizer.info().kind() == ModelKind.TOKEN_CLASSIFICATION) {
                    LOG.info(
                            "Model '{}' is a token classifier: its entities are flat and of one type each"
                                    + " (--nested and --multi-label are for the zero-shot models)",
                            source.name());
                }
            } catch (ModelLoadException | RuntimeException e) {
                model.failed(e.getMessage());
                first = first != null ? first : asLoadFailure(source, e);
            }
        }
        if (first != null) {
            throw new CompletionException(first);
        }
    }

    private static ModelLoadException asLoadFailure(NamedModel source, Exception e) {
        return e instanceof ModelLoadException load
                ? load
                : new ModelLoadException(
                        "model '" + source.name() + "' (" + source.location() + ")", e.getMessage(), e);
    }

    /**
     * Where the server listens.
     *
     * @return {@code http://HOST:PORT/}, with the port it got where it was asked for any
     */
    public URI uri() {
        return URI.create("http://" + hostForUri(connector.getHost()) + ":" + connector.getLocalPort() + "/");
    }

    private static String hostForUri(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /**
     * Whether every model is loaded.
     *
     * @return true once they all are
     */
    public boolean isReady() {
        return models.values().stream().allMatch(ServedModel::isReady);
    }

    /**
     * Waits until every model is loaded.
     *
     * @throws ModelLoadException the first model that could not be loaded
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitLoaded() throws ModelLoadException, InterruptedException {
        try {
            loading.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            if (cause instanceof ModelLoadException load) {
                throw load;
            }
            throw new IllegalStateException("loading the models failed", cause);
        }
    }

    /**
     * Waits until the server has stopped.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops: takes the connections that are already waiting and their requests until none has arrived for
     * {@value #QUIET_MILLIS} ms (at most {@value #DRAIN_MILLIS} ms), then stops accepting, waits for the requests in
     * flight (up to the request timeout), answers what is still queued 503 and releases the models; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        LOG.info("Stopping: answering the requests that have arrived, taking no new connections");
        awaitQuiet();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server: {}", e.toString());
        }
        awaitLoadingEnd();
        if (trainer != null) {
            trainer.close();
        }
        trained.values().forEach(TrainedModels::close);
        models.values().forEach(ServedModel::close);
        LOG.info("Stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Waits until no request has arrived for a moment: a client whose connection the system accepted before the
     * stop, and whose request is on its way, is then answered instead of finding the connection closed.
     */
    private void awaitQuiet() {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        try {
            while (metrics.sinceLastArrival() < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)
                    && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets a model still loading finish, so that it is closed too. */
    private void awaitLoadingEnd() {
        try {
            loading.handle((done, failure) -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
