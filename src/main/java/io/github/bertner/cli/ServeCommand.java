package io.github.bertner.cli;

import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.conll.LabelMap;
import io.github.bertner.options.CommandLineLogging;
import io.github.bertner.options.CountConverter;
import io.github.bertner.options.TaggerOptions;
import io.github.bertner.serve.NamedModel;
import io.github.bertner.serve.NerServer;
import io.github.bertner.serve.ServeSettings;
import io.github.bertner.serve.ServeTraining;
import io.github.bertner.train.TrainingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code serve}: an HTTP service over one or more models, for INCEpTION and any HTTP client. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Serves models over HTTP: INCEpTION's external recommender, a JSON API, the Hugging Face API's shape.",
        description = {
            "Serves one or more models over HTTP until stopped (Ctrl-C or SIGTERM: it stops accepting, answers the"
                    + " requests in flight, then exits). Routes, for a model named NAME:",
            "  POST /NAME/predict, /NAME/train         INCEpTION's external recommender (URL: http://HOST:PORT/NAME)",
            "  POST /v1/models/NAME/entities          {\"text\": \"…\"}, {\"texts\": […]} or {\"tokens\": […]}: tag's JSON",
            "  POST /models/NAME                      the Hugging Face Inference API's token classification",
            "  GET  /v1/models, /health/live, /health/ready, /metrics (Prometheus)",
            "Concurrent requests to one model share its runs. See docs/serve.md."
        })
final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            paramLabel = "[NAME=]LOCATION",
            description = "A model to serve, under NAME in the routes (default: the location's last path segment);"
                    + " any location tag takes (a directory, hf:ORG/NAME, classpath:PATH). Repeatable. Default: the"
                    + " Danish demo model inside the jar, as danish-ner-mini.")
    List<String> models = new ArrayList<>();

    @Mixin
    TaggerOptions tagging;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = ServeSettings.LOCALHOST,
            description =
                    "The address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}: this machine only).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "5000",
            description = "The port; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--max-queue",
            paramLabel = "N",
            converter = CountConverter.Positive.class,
            defaultValue = "256",
            description = "Requests that may wait for one model; more are answered 503 with Retry-After at once"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(
            names = "--request-timeout",
            paramLabel = "SECONDS",
            converter = CountConverter.Positive.class,
            defaultValue = "30",
            description =
                    "How long a request may take from its arrival; after it, 503 with Retry-After. With 5 s"
                            + " more, how long a connection may stay silent (default: ${DEFAULT-VALUE}, INCEpTION's read timeout).")
    int requestTimeout;

    @Option(
            names = "--max-body",
            paramLabel = "MIB",
            converter = CountConverter.Positive.class,
            defaultValue = "64",
            description = "The largest request body, in MiB; larger ones are answered 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyMib;

    @Option(
            names = "--batch-wait",
            paramLabel = "MS",
            converter = CountConverter.NonNegative.class,
            defaultValue = "5",
            description = "How long a batch of queued requests waits for more before it runs; it runs at once when it"
                    + " has --batch-size texts (default: ${DEFAULT-VALUE}).")
    int batchWaitMillis;

    @Option(
            names = "--label-map",
            paramLabel = "LABEL=TAG",
            description = "Renames a model label in INCEpTION's suggestions (to O: drops it). Repeatable; default"
                    + " MISC=OTH, for INCEpTION's default tagset (PER, LOC, ORG, OTH).")
    List<String> labelMap = new ArrayList<>(List.of("MISC=OTH"));

    @Option(
            names = "--trainable",
            description = "Fine-tune each token classifier on INCEpTION's train requests, into one model per annotator"
                    + " that their predict requests then use (set the recommender to Trainable in INCEpTION). The base"
                    + " model must be a checkpoint (a directory with its weights, or hf:ORG/NAME).")
    boolean trainable;

    @Option(
            names = "--state",
            paramLabel = "DIR",
            description = "With --trainable: where the trained models are kept, so that a restart uses them again"
                    + " (default: a temporary directory, removed when the server stops).")
    Path state;

    @Option(
            names = "--train-epochs",
            paramLabel = "N",
            converter = CountConverter.Positive.class,
            defaultValue = "" + ServeTraining.EPOCHS,
            description = "With --trainable: passes over an annotator's sentences (default: ${DEFAULT-VALUE}).")
    int trainEpochs;

    @Option(
            names = "--train-learning-rate",
            paramLabel = "RATE",
            defaultValue = "" + ServeTraining.LEARNING_RATE,
            description = "With --trainable: the encoder's peak learning rate; the classifier's is 30 times it, so"
                    + " that new tags are learnt from few sentences (default: ${DEFAULT-VALUE}).")
    double trainLearningRate;

    @Option(
            names = "--train-threads",
            paramLabel = "N",
            converter = CountConverter.Positive.class,
            description = "With --trainable: ONNX Runtime threads a training uses, so that predictions keep the other"
                    + " cores (default: half the cores, at least one).")
    Integer trainThreads;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLineLogging.inform(NerServer.class.getPackageName());
        ServeSettings settings = settings();
        List<NamedModel> sources = sources();
        RecognizerConfig config = config();
        ServeTraining training = training();
        PrintWriter err = spec.commandLine().getErr();
        try (NerServer server = listen(settings, sources, config, training)) {
            try (StopSignals signals = StopSignals.install(signal -> stop(server, signal, err))) {
                err.println("bert-ner serve: listening on " + server.uri() + " (" + names(sources)
                        + "); loading the models");
                err.flush();
                server.awaitLoaded();
                err.println("bert-ner serve: ready; INCEpTION's recommender URL for a model: " + server.uri() + "NAME");
                err.flush();
                server.join();
            }
        }
        err.println("bert-ner serve: stopped");
        err.flush();
        return 0;
    }

    /** Stops on a signal: the requests that have arrived are answered, no new connection is taken. */
    private static void stop(NerServer server, String signal, PrintWriter err) {
        err.println("bert-ner serve: " + signal + ": stopping; answering the requests that have arrived");
        err.flush();
        server.close();
    }

    /** Starts the server; a port that is taken is said so, with the option that chooses another. */
    private static NerServer listen(
            ServeSettings settings, List<NamedModel> sources, RecognizerConfig config, ServeTraining training)
            throws Exception {
        try {
            return NerServer.start(settings, sources, source -> load(source, config), training);
        } catch (IOException e) {
            if (e.getCause() instanceof BindException bind) {
                throw new IOException(
                        "cannot listen on " + settings.host() + ":" + settings.port() + ": " + bind.getMessage()
                                + " (choose another port with --port, or another address with --host)",
                        e);
            }
            throw e;
        }
    }

    ServeSettings settings() {
        LabelMap labels;
        try {
            labels = LabelMap.parse(labelMap);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--label-map': " + e.getMessage(), e);
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--port': " + port + " is not in 0..65535");
        }
        return new ServeSettings(
                host,
                port,
                maxQueue,
                Duration.ofSeconds(requestTimeout),
                (long) maxBodyMib << 20,
                config().batchSize(),
                Duration.ofMillis(batchWaitMillis),
                labels.types(),
                types());
    }

    /** How train requests are learnt from; null without --trainable. */
    ServeTraining training() {
        if (!trainable) {
            if (state != null) {
                throw new ParameterException(spec.commandLine(), "--state keeps trained models: it needs --trainable");
            }
            return null;
        }
        try {
            ServeTraining defaults = ServeTraining.defaults(Optional.ofNullable(state), trainLearningRate, trainEpochs);
            if (trainThreads == null) {
                return defaults;
            }
            return new ServeTraining(
                    defaults.stateDirectory(),
                    defaults.settings().toBuilder().threads(trainThreads).build());
        } catch (TrainingSettings.InvalidSetting e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--train-" + e.setting() + "': " + e.getMessage(), e);
        }
    }

    private EntityTypes types() {
        try {
            return tagging.entityTypes();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--labels' or '--threshold': " + e.getMessage(), e);
        }
    }

    private List<NamedModel> sources() {
        List<String> given = models.isEmpty() ? List.of(ModelLocation.DEMO) : models;
        List<NamedModel> sources = new ArrayList<>();
        for (String model : given) {
            try {
                sources.add(NamedModel.parse(model));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "Invalid value for option '--model': " + e.getMessage(), e);
            }
        }
        return sources;
    }

    private RecognizerConfig config() {
        return tagging.configBuilder().build();
    }

    private static Recognizer load(NamedModel source, RecognizerConfig config) throws ModelLoadException {
        return Recognizers.load(ModelChoice.directory(source.location(), config.quantized()), config);
    }

    private static String names(List<NamedModel> sources) {
        List<String> names = new ArrayList<>();
        sources.forEach(source -> names.add(source.name() + " = " + source.location()));
        return String.join(", ", names);
    }
}
