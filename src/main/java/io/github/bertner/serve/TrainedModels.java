package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.internal.AtomicFiles;
import io.github.bertner.internal.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models one served model has been trained into, one per annotator, and the newest training of each: which model
 * a user's requests use, swapped atomically when a training ends (a request keeps the model it started with, which is
 * closed when the last such request is done), and each user's status, kept in {@code STATE/USER-KEY/user.json} beside
 * the trained checkpoints {@code model-N/} so that both survive a restart.
 */
final class TrainedModels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainedModels.class);
    static final String STATUS_FILE = "user.json";
    private static final String MODEL_PREFIX = "model-";

    /** The states of a user's newest training. */
    enum State {
        QUEUED,
        TRAINING,
        TRAINED,
        FAILED;

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A trained model in use, and the requests using it. */
    private static final class Generation {
        final ServedModel model;
        final Path directory;
        int inFlight;
        boolean retired;

        Generation(ServedModel model, Path directory) {
            this.model = model;
            this.directory = directory;
        }
    }

    /** One annotator: the model in use and the newest training's status. */
    private static final class User {
        final String id;
        Generation current;
        State state;
        Instant trainedAt;
        int documents;
        int annotations;
        OptionalDouble devF1 = OptionalDouble.empty();
        String error;

        User(String id) {
            this.id = id;
        }
    }

    /** The model a request runs on; {@link #close()} when the request is done. */
    interface Lease extends AutoCloseable {
        ServedModel model();

        @Override
        void close();
    }

    private final ServedModel base;
    private final Map<String, User> users = new TreeMap<>();

    TrainedModels(ServedModel base) {
        this.base = base;
    }

    /** The model trained from. */
    ServedModel base() {
        return base;
    }

    /**
     * The model a user's request runs on: the user's trained model, or the base model.
     *
     * @param userId the annotator, or null
     */
    synchronized Lease lease(String userId) {
        User user = userId == null ? null : users.get(userId);
        Generation generation = user == null ? null : user.current;
        if (generation == null) {
            return new Lease() {
                @Override
                public ServedModel model() {
                    return base;
                }

                @Override
                public void close() {}
            };
        }
        generation.inFlight++;
        AtomicBoolean released = new AtomicBoolean();
        return new Lease() {
            @Override
            public ServedModel model() {
                return generation.model;
            }

            @Override
            public void close() {
                if (released.compareAndSet(false, true)) {
                    release(generation);
                }
            }
        };
    }

    private synchronized void release(Generation generation) {
        generation.inFlight--;
        closeIfUnused(generation);
    }

    private static void closeIfUnused(Generation generation) {
        if (generation.retired && generation.inFlight == 0) {
            generation.model.close();
        }
    }

    /** The directory of a user's state under a model's state directory. */
    static Path userDirectory(Path modelState, String userId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return modelState.resolve(HexFormat.of().formatHex(hash, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * The trained model a saved status names, checked to be a {@code model-N} directory of the user's.
     *
     * @param saved the contents of {@code user.json}
     * @param userDirectory the user's directory
     * @return the model's directory, or empty where the status names none
     * @throws IllegalArgumentException if it names something else
     */
    static Optional<Path> savedModel(JsonNode saved, Path userDirectory) {
        if (!saved.hasNonNull("model")) {
            return Optional.empty();
        }
        String name = saved.get("model").asText();
        if (!name.matches(MODEL_PREFIX + "\\d+")) {
            throw new IllegalArgumentException(
                    userDirectory.resolve(STATUS_FILE) + " names model '" + name + "', not a model-N directory");
        }
        return Optional.of(userDirectory.resolve(name));
    }

    /** The directory a user's next trained model goes to: {@code model-N}, N one past the newest. */
    static Path nextModelDirectory(Path userDirectory) throws IOException {
        int newest = 0;
        if (Files.isDirectory(userDirectory)) {
            try (Stream<Path> entries = Files.list(userDirectory)) {
                newest = entries.map(path -> path.getFileName().toString())
                        .filter(name -> name.matches(MODEL_PREFIX + "\\d+"))
                        .mapToInt(name -> Integer.parseInt(name.substring(MODEL_PREFIX.length())))
                        .max()
                        .orElse(0);
            }
        }
        return userDirectory.resolve(MODEL_PREFIX + (newest + 1));
    }

    /** A training was accepted: queued behind another, or started. */
    synchronized void accepted(String userId, State state, int documents, int annotations) {
        User user = users.computeIfAbsent(userId, User::new);
        user.state = state;
        user.documents = documents;
        user.annotations = annotations;
        user.devF1 = OptionalDouble.empty();
        user.error = null;
    }

    /** A queued training started. */
    synchronized void started(String userId) {
        users.get(userId).state = State.TRAINING;
    }

    /**
     * A training ended with a model: it replaces the user's model, whose requests in flight finish on it; the status is
     * written before the swap, so that a restart loads the model in use.
     *
     * @throws IOException if the status cannot be written (the previous model stays in use)
     */
    void trained(String userId, ServedModel model, Path directory, OptionalDouble devF1, Path userDirectory)
            throws IOException {
        Generation retired = swap(userId, model, directory, devF1, userDirectory);
        if (retired != null) {
            try {
                FileTrees.delete(retired.directory);
            } catch (IOException e) {
                LOG.warn("Could not remove the replaced model {}: {}", retired.directory, e.getMessage());
            }
        }
    }

    private synchronized Generation swap(
            String userId, ServedModel model, Path directory, OptionalDouble devF1, Path userDirectory)
            throws IOException {
        User user = users.computeIfAbsent(userId, User::new);
        State before = user.state;
        Instant trainedBefore = user.trainedAt;
        user.state = State.TRAINED;
        user.trainedAt = Instant.now();
        user.devF1 = devF1;
        user.error = null;
        try {
            writeStatus(user, directory, userDirectory);
        } catch (IOException e) {
            user.state = before;
            user.trainedAt = trainedBefore;
            throw e;
        }
        Generation retired = user.current;
        user.current = new Generation(model, directory);
        if (retired != null) {
            retired.retired = true;
            closeIfUnused(retired);
        }
        return retired;
    }

    /** A training ended without a model; the user's previous model, if any, stays in use. */
    synchronized void failed(String userId, String error, Path userDirectory) {
        User user = users.computeIfAbsent(userId, User::new);
        user.state = State.FAILED;
        user.error = error;
        try {
            writeStatus(user, user.current == null ? null : user.current.directory, userDirectory);
        } catch (IOException e) {
            user.error = error + "; the status could not be saved either: " + e.getMessage();
        }
    }

    /**
     * A user's model and status as a state directory had them, at start-up.
     *
     * @param userId the annotator
     * @param status the saved status
     * @param model the trained model, or null where the user has none
     * @param directory its checkpoint directory
     */
    synchronized void restored(String userId, JsonNode status, ServedModel model, Path directory) {
        User user = users.computeIfAbsent(userId, User::new);
        State saved = State.valueOf(status.path("state").asText("failed").toUpperCase(Locale.ROOT));
        user.state = saved == State.TRAINED || saved == State.FAILED ? saved : State.FAILED;
        user.error = saved == State.TRAINED || saved == State.FAILED
                ? text(status, "error")
                : "the server stopped before the training ended";
        user.trainedAt = status.hasNonNull("trained_at")
                ? Instant.parse(status.get("trained_at").asText())
                : null;
        user.documents = status.path("documents").asInt();
        user.annotations = status.path("annotations").asInt();
        user.devF1 = status.hasNonNull("dev_f1")
                ? OptionalDouble.of(status.get("dev_f1").asDouble())
                : OptionalDouble.empty();
        user.current = model == null ? null : new Generation(model, directory);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static void writeStatus(User user, Path model, Path userDirectory) throws IOException {
        ObjectNode status = JsonRequests.JSON.createObjectNode();
        status.put("user_id", user.id);
        status.set("status", JsonRequests.JSON.valueToTree(describe(user)));
        status.put("model", model == null ? null : model.getFileName().toString());
        AtomicFiles.write(
                userDirectory.resolve(STATUS_FILE),
                JsonRequests.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status));
    }

    /** What {@code GET /v1/models/{model}/training} says: each user's newest training. */
    synchronized Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        users.values().forEach(user -> described.put(user.id, describe(user)));
        return described;
    }

    /** The newest failure of any user's training, for {@code GET /v1/models}; null if none failed. */
    synchronized String lastError() {
        return users.values().stream()
                .filter(user -> user.state == State.FAILED && user.error != null)
                .map(user -> user.id + ": " + user.error)
                .reduce((first, second) -> second)
                .orElse(null);
    }

    private static Map<String, Object> describe(User user) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("state", user.state.json());
        entry.put("trained_at", user.trainedAt == null ? null : user.trainedAt.toString());
        entry.put("documents", user.documents);
        entry.put("annotations", user.annotations);
        entry.put("dev_f1", user.devF1.isPresent() ? user.devF1.getAsDouble() : null);
        entry.put("error", user.error);
        return entry;
    }

    /** Closes every trained model. */
    @Override
    public synchronized void close() {
        for (User user : users.values()) {
            if (user.current != null) {
                user.current.model.close();
                user.current = null;
            }
        }
    }
}
