package io.github.bertner.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.convert.Parameter;
import io.github.bertner.convert.SafetensorsFile;
import io.github.bertner.internal.FileTrees;
import io.github.bertner.model.JsonFiles;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A run's state in {@code OUTPUT.checkpoints/step-N/}, enough to continue it as if it had not stopped: the weights
 * and AdamW's moments ({@code state.safetensors}), the steps taken, the position in the data, the labels and the
 * best epoch so far ({@code trainer_state.json}). The random state needs no saving: each epoch's order and each
 * step's dropout masks are drawn from the seed, the epoch and the step. A checkpoint appears complete or not at all,
 * and the previous one is removed only once the new one is in place.
 *
 * @param step the steps taken
 * @param epoch the epoch in progress, from 0
 * @param batch the next batch of that epoch, from 0
 * @param labels the labels trained on
 * @param newClassifier whether the classifier was new
 * @param fingerprint what identifies the data and settings, which a resumed run must share
 * @param bestF1 the best dev F1 so far, or NaN
 * @param bestEpoch the epoch that gave it, from 1 (0: none)
 * @param staleEpochs the epochs since the best one
 */
record TrainingState(
        long step,
        int epoch,
        int batch,
        List<String> labels,
        boolean newClassifier,
        String fingerprint,
        double bestF1,
        int bestEpoch,
        int staleEpochs) {
    private static final String STATE = "trainer_state.json";
    private static final String TENSORS = "state.safetensors";
    private static final String PREFIX = "step-";

    /** The folder of a run's checkpoints: beside the output, named after it. */
    static Path folder(Path output) {
        return output.resolveSibling(output.getFileName() + ".checkpoints");
    }

    /** The newest complete checkpoint of a run, if any. */
    static Optional<Path> newest(Path output) throws IOException {
        Path folder = folder(output);
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(path -> path.getFileName().toString().startsWith(PREFIX)
                            && Files.isRegularFile(path.resolve(STATE)))
                    .max(Comparator.comparingLong(TrainingState::stepOf));
        }
    }

    private static long stepOf(Path checkpoint) {
        try {
            return Long.parseLong(checkpoint.getFileName().toString().substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Saves the state, then removes older checkpoints.
     *
     * @param output the run's output directory
     * @param parameters the weights
     * @param weights their values
     * @param optimizer their moments
     * @param best the best epoch's weights, where kept apart from the current ones
     * @return the checkpoint
     * @throws IOException if it cannot be written; the previous checkpoint is then left as it was
     */
    Path save(Path output, List<Parameter> parameters, FloatBuffer[] weights, AdamW optimizer, float[][] best)
            throws IOException {
        Path folder = folder(output);
        Files.createDirectories(folder);
        Path target = folder.resolve(PREFIX + step);
        Path partial = folder.resolve("." + PREFIX + step + ".partial-" + UUID.randomUUID());
        Files.createDirectory(partial);
        try {
            Map<String, SafetensorsFile.Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.get(i);
                long[] shape = parameter.shape();
                tensors.put("weight/" + parameter.name(), SafetensorsFile.Tensor.of(shape, weights[i]));
                tensors.put("exp_avg/" + parameter.name(), SafetensorsFile.Tensor.of(shape, optimizer.firstMoment(i)));
                tensors.put(
                        "exp_avg_sq/" + parameter.name(), SafetensorsFile.Tensor.of(shape, optimizer.secondMoment(i)));
                if (best != null) {
                    tensors.put(
                            "best/" + parameter.name(), SafetensorsFile.Tensor.of(shape, FloatBuffer.wrap(best[i])));
                }
            }
            SafetensorsFile.write(partial.resolve(TENSORS), tensors);
            Files.writeString(partial.resolve(STATE), json());
            FileTrees.delete(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.delete(partial);
        }
        removeOthers(folder, target);
        return target;
    }

    private String json() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode state = mapper.createObjectNode();
        state.put("step", step);
        state.put("epoch", epoch);
        state.put("batch", batch);
        labels.forEach(state.putArray("labels")::add);
        state.put("new_classifier", newClassifier);
        state.put("fingerprint", fingerprint);
        if (Double.isNaN(bestF1)) {
            state.putNull("best_f1");
        } else {
            state.put("best_f1", bestF1);
        }
        state.put("best_epoch", bestEpoch);
        state.put("stale_epochs", staleEpochs);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n";
    }

    /** Reads a checkpoint's state (not its tensors). */
    static TrainingState read(Path checkpoint) throws ModelLoadException {
        Path file = checkpoint.resolve(STATE);
        JsonNode state = JsonFiles.readObject(file);
        List<String> labels = new ArrayList<>();
        state.path("labels").forEach(label -> labels.add(label.asText()));
        if (!state.path("step").canConvertToLong() || labels.isEmpty()) {
            throw new ModelLoadException(file, "is not a training state written by bert-ner train");
        }
        JsonNode bestF1 = state.path("best_f1");
        return new TrainingState(
                state.path("step").asLong(),
                state.path("epoch").asInt(),
                state.path("batch").asInt(),
                labels,
                state.path("new_classifier").asBoolean(),
                state.path("fingerprint").asText(),
                bestF1.isNumber() ? bestF1.asDouble() : Double.NaN,
                state.path("best_epoch").asInt(),
                state.path("stale_epochs").asInt());
    }

    /** Reads a checkpoint's tensors by name: {@code weight/…}, {@code exp_avg/…}, {@code exp_avg_sq/…}, {@code best/…}. */
    static Map<String, float[]> tensors(Path checkpoint) throws ModelLoadException {
        return SafetensorsFile.readFloats(checkpoint.resolve(TENSORS));
    }

    private static void removeOthers(Path folder, Path keep) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                if (!entry.equals(keep) && entry.getFileName().toString().startsWith(PREFIX)) {
                    FileTrees.delete(entry);
                }
            }
        }
    }
}
