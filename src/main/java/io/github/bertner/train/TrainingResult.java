package io.github.bertner.train;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How a finished run went.
 *
 * @param output the trained model's directory
 * @param labels the labels it was trained on, by id
 * @param steps the steps taken
 * @param epochs the epochs run
 * @param keptEpoch the epoch whose weights were kept
 * @param lastLoss the last step's loss
 * @param devF1 the kept epoch's dev F1, where there was dev data
 */
public record TrainingResult(
        Path output,
        List<String> labels,
        long steps,
        int epochs,
        int keptEpoch,
        double lastLoss,
        OptionalDouble devF1) {

    /** Copies the labels. */
    public TrainingResult {
        labels = List.copyOf(labels);
    }
}
