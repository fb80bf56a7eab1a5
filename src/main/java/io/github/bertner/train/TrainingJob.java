package io.github.bertner.train;

import java.nio.file.Path;
import java.util.List;

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
}
