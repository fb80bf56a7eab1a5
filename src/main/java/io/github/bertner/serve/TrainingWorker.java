package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizers;
import io.github.bertner.internal.FileTrees;
import io.github.bertner.train.LabeledSentence;
import io.github.bertner.train.Trainer;
import io.github.bertner.train.TrainingFailed;
import io.github.bertner.train.TrainingJob;
import io.github.bertner.train.TrainingListener;
import io.github.bertner.train.TrainingResult;
import io.github.bertner.train.TrainingStopped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the served token classifiers on INCEpTION's {@code train} requests, one training at a time on a thread of
 * its own at the lowest priority (ONNX Runtime on {@link ServeTraining#settings()}'s threads), so that predictions
 * keep being answered. A request for a model and user already training is refused (429); a newer request for a user
 * whose training waits replaces it. Each trained model is written under the state directory, loaded, and swapped in
 * for that user; a failure leaves the user's previous model in use.
 */
final class TrainingWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingWorker.class);
    /**
     * Sentences from which on every tenth is held out to score each epoch on, and the best epoch kept; fewer train on
     * all and keep the last.
     */
    private static final int DEV_FROM = 100;

    private static final int DEV_EVERY = 10;

    /** A user of a model. */
    private record Key(String model, String user) {}

    /** A training to do: a model's, for one of its annotators. */
    private record Job(TrainedModels models, InceptionTrainingData data) {}

    private final ServeTraining training;
    private final Path state;
    private final boolean temporaryState;
    private final ModelOpener opener;
    private final ExecutorService thread;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Map<String, Path> checkpoints = new ConcurrentHashMap<>();
    private final Map<Key, Job> queued = new LinkedHashMap<>();
    private Key running;

    /**
     * @param training the settings and state directory
     * @param opener loads a trained model as the server loads its models
     * @throws IOException if the state directory cannot be made
     */
    TrainingWorker(ServeTraining training, ModelOpener opener) throws IOException {
        this.training = training;
        this.opener = opener;
        this.temporaryState = training.stateDirectory().isEmpty();
        this.state = training.stateDirectory().isPresent()
                ? Files.createDirectories(training.stateDirectory().get())
                : Files.createTempDirectory("bert-ner-serve-state-");
        if (temporaryState) {
            LOG.info(
                    "Trained models are kept in {} until the server stops; --state DIR keeps them across restarts",
                    state);
        }
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread worker = new Thread(runnable, "bert-ner-training");
            worker.setDaemon(true);
            worker.setPriority(Thread.MIN_PRIORITY);
            return worker;
        });
    }

    /**
     * Accepts a train request: starts it, or queues it behind the training that runs (replacing a queued one of the
     * same user).
     *
     * @throws HttpError 429 if the model is training for this user now
     */
    synchronized void submit(TrainedModels models, InceptionTrainingData data) {
        ServedModel model = models.base();
        Key key = new Key(model.name(), data.userId());
        if (key.equals(running)) {
            throw HttpError.tooManyRequests("model '" + model.name() + "' is training for user '" + data.userId()
                    + "' now; the newest request after it ends is trained next");
        }
        if (queued.put(key, new Job(models, data)) != null) {
            LOG.info(
                    "Model '{}', user '{}': a newer train request replaces the one waiting",
                    model.name(),
                    data.userId());
        }
        models.accepted(
                data.userId(),
                running == null ? TrainedModels.State.TRAINING : TrainedModels.State.QUEUED,
                data.documents(),
                data.annotations());
        startNext();
    }

    private synchronized void startNext() {
        if (running != null || queued.isEmpty() || closing.get()) {
            return;
        }
        Iterator<Map.Entry<Key, Job>> first = queued.entrySet().iterator();
        Map.Entry<Key, Job> next = first.next();
        first.remove();
        running = next.getKey();
        Job job = next.getValue();
        job.models().started(job.data().userId());
        thread.execute(() -> {
            try {
                train(job);
            } finally {
                finished();
            }
        });
    }

    private synchronized void finished() {
        running = null;
        startNext();
    }

    /** Trains one job to a swapped-in model, or to a failure in the user's status. */
    private void train(Job job) {
        TrainedModels models = job.models();
        ServedModel model = models.base();
        InceptionTrainingData data = job.data();
        String user = data.userId();
        Path userDirectory = TrainedModels.userDirectory(modelState(model), user);
        Path output = null;
        try {
            output = TrainedModels.nextModelDirectory(userDirectory);
            TrainingResult result = Trainer.run(
                    job(model, data.sentences(), output),
                    TrainingListener.logging(LOG, "Model '" + model.name() + "', user '" + user + "': "),
                    closing::get);
            ServedModel trained =
                    model.serving(opener.open(new NamedModel(model.name(), ModelLocation.directory(output))));
            try {
                models.trained(user, trained, output, result.devF1(), userDirectory);
            } catch (IOException e) {
                trained.close();
                throw e;
            }
            LOG.info(
                    "Model '{}', user '{}': trained on {} annotations in {} documents ({} sentences); in use",
                    model.name(),
                    user,
                    data.annotations(),
                    data.documents(),
                    data.sentences().size());
        } catch (TrainingStopped e) {
            discard(output);
            models.failed(user, "the server stopped before the training ended", userDirectory);
        } catch (IOException | TrainingFailed | RuntimeException e) {
            discard(output);
            LOG.warn("Model '{}', user '{}': training failed: {}", model.name(), user, e.getMessage());
            models.failed(user, e.getMessage(), userDirectory);
        }
    }

    private TrainingJob job(ServedModel model, List<LabeledSentence> sentences, Path output) throws ModelLoadException {
        List<LabeledSentence> train = new ArrayList<>();
        List<LabeledSentence> dev = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            boolean held = sentences.size() >= DEV_FROM && i % DEV_EVERY == DEV_EVERY - 1;
            (held ? dev : train).add(sentences.get(i));
        }
        return new TrainingJob(checkpoint(model), train, dev, output, training.settings(), false, false);
    }

    /** The base model's checkpoint, resolved (fetched) once per model. */
    private Path checkpoint(ServedModel model) throws ModelLoadException {
        Path known = checkpoints.get(model.name());
        if (known == null) {
            known = Recognizers.checkpoint(model.location());
            checkpoints.put(model.name(), known);
        }
        return known;
    }

    /** Removes what a training that did not end left: its output, if any, and its checkpoints. */
    private static void discard(Path output) {
        if (output == null) {
            return;
        }
        try {
            FileTrees.delete(output);
            FileTrees.delete(TrainingJob.checkpointFolder(output));
        } catch (IOException e) {
            LOG.warn("Could not remove the unfinished {}: {}", output, e.getMessage());
        }
    }

    private Path modelState(ServedModel model) {
        return state.resolve(model.name());
    }

    /**
     * Readies a model for training when the server loads it: finds its checkpoint (saying in the log at once when it
     * has none, rather than at its first train request), and loads the models it was trained into before the server
     * started, each user's as its status names it.
     *
     * @param models the served model's trained models, none yet
     */
    void restore(TrainedModels models) {
        ServedModel model = models.base();
        try {
            checkpoint(model);
        } catch (ModelLoadException e) {
            LOG.warn("Model '{}' cannot learn, and its train requests will fail: {}", model.name(), e.getMessage());
        }
        Path modelState = modelState(model);
        if (!Files.isDirectory(modelState)) {
            return;
        }
        try (Stream<Path> users = Files.list(modelState)) {
            for (Path userDirectory : users.filter(Files::isDirectory).sorted().toList()) {
                restoreUser(models, userDirectory);
            }
        } catch (IOException e) {
            LOG.warn(
                    "Model '{}': the trained models in {} cannot be listed: {}",
                    model.name(),
                    modelState,
                    e.getMessage());
        }
    }

    private void restoreUser(TrainedModels models, Path userDirectory) {
        ServedModel model = models.base();
        Path statusFile = userDirectory.resolve(TrainedModels.STATUS_FILE);
        if (!Files.isRegularFile(statusFile)) {
            return;
        }
        try {
            JsonNode saved = JsonRequests.JSON.readTree(statusFile.toFile());
            String user = saved.path("user_id").asText();
            JsonNode status = saved.path("status");
            Path directory = TrainedModels.savedModel(saved, userDirectory).orElse(null);
            ServedModel trained = directory == null
                    ? null
                    : model.serving(opener.open(new NamedModel(model.name(), ModelLocation.directory(directory))));
            try {
                models.restored(user, status, trained, directory);
            } catch (RuntimeException e) {
                if (trained != null) {
                    trained.close();
                }
                throw e;
            }
            LOG.info("Model '{}', user '{}': restored{}", model.name(), user, trained == null ? "" : " " + directory);
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "Model '{}': the trained model in {} cannot be restored: {}",
                    model.name(),
                    userDirectory,
                    e.getMessage());
        }
    }

    /** Stops the training that runs (after its step) and drops those that wait; a temporary state is removed. */
    @Override
    public void close() {
        closing.set(true);
        synchronized (this) {
            queued.clear();
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("The training did not stop within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (temporaryState) {
            try {
                FileTrees.delete(state);
            } catch (IOException e) {
                LOG.warn("Could not remove {}: {}", state, e.getMessage());
            }
        }
    }
}
