package io.github.bertner.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What to train.
 *
 * @param checkpoint the base model: a checkpoint directory with {@code config.json}, its weights and its tokenizer
 * @param train the training sentences
 * @param dev the sentences each epoch is scored on; may be empty
 * @param output the directory the trained model is written to; must not exist or be empty, unless {@code overwrite}
 * @param settings how to train
 * @param resume whether to continue from the newest checkpoint in {@code OUTPUT.checkpoints/}
 * @param overwrite whether an existing {@code output} may be replaced
 */
public record TrainingJob(
        Path checkpoint,
        List<LabeledSentence> train,
        List<LabeledSentence> dev,
        Path output,
        TrainingSettings settings,
        boolean resume,
        boolean overwrite) {

    /** Copies the sentence lists. */
    public TrainingJob {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
    }

    /**
     * Checks, before anything is read or fetched, that the output may be written.
     *
     * @param output the output directory
     * @param overwrite whether an existing one may be replaced
     * @throws IllegalArgumentException if it is a file, or a directory that is not empty while {@code overwrite} is
     *     false
     * @throws IOException if it cannot be listed
     */
    public static void checkOutput(Path output, boolean overwrite) throws IOException {
        if (Files.exists(output) && !Files.isDirectory(output)) {
            throw new IllegalArgumentException(output + " is a file, not a directory");
        }
        if (Files.exists(output) && !overwrite && !isEmptyDirectory(output)) {
            throw new IllegalArgumentException(
                    output + " exists and is not empty: choose another --output, or pass --overwrite to replace it");
        }
    }

    /**
     * The folder beside an output that holds the checkpoints a run resumes from ({@code OUTPUT.checkpoints}); a run
     * that finishes removes it, one that is stopped leaves it.
     *
     * @param output the output directory
     * @return the folder
     */
    public static Path checkpointFolder(Path output) {
        return TrainingState.folder(output);
    }

    /** Whether a path is a directory with nothing in it. */
    static boolean isEmptyDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}
