package io.github.bertner.serve;

import io.github.bertner.internal.Arguments;
import io.github.bertner.train.TrainingSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code serve --trainable} fine-tunes its token classifiers on INCEpTION's {@code train} requests: one model per
 * annotator, trained in the background one at a time, kept under a state directory.
 *
 * @param stateDirectory where trained models and their status are kept, so that they survive a restart; empty for a
 *     temporary directory removed when the server stops
 * @param settings how each model is trained; its classifier is always extended with labels the model lacks, so that
 *     what it knew stays
 */
public record ServeTraining(Optional<Path> stateDirectory, TrainingSettings settings) {

    /** Checks the arguments; the classifier is extended, never replaced. */
    public ServeTraining {
        Arguments.require(stateDirectory, "stateDirectory");
        settings = Arguments.require(settings, "settings").toBuilder()
                .extendClassifier(true)
                .build();
    }

    /** The default number of passes over an annotator's sentences. */
    public static final int EPOCHS = 5;

    /** The default peak learning rate of the encoder. */
    public static final double LEARNING_RATE = 1e-4;

    /** How many times faster than the encoder the classifier learns, so that new tags are learnt from few sentences. */
    public static final double CLASSIFIER_RATE_FACTOR = 30;

    /** The share of the steps over which the rate rises from 0, which keeps the higher rates stable. */
    public static final double WARMUP_RATIO = 0.1;

    /**
     * The settings an annotator's few hundred sentences learn well with, for models small and large: {@value #EPOCHS}
     * epochs at a peak rate of {@value #LEARNING_RATE} (the classifier's {@value #CLASSIFIER_RATE_FACTOR} times that),
     * warmed up over the first tenth of the steps; otherwise transformers' Trainer's defaults. ONNX Runtime runs on
     * half the cores (at least one), so that the models' predictions keep the others.
     *
     * @param stateDirectory where trained models are kept, or empty for a temporary directory
     * @param learningRate the encoder's peak learning rate
     * @param epochs passes over an annotator's sentences
     * @return the settings
     * @throws TrainingSettings.InvalidSetting naming a setting out of range
     */
    public static ServeTraining defaults(Optional<Path> stateDirectory, double learningRate, int epochs) {
        return new ServeTraining(
                stateDirectory,
                TrainingSettings.builder()
                        .epochs(epochs)
                        .learningRate(learningRate)
                        .classifierLearningRate(learningRate * CLASSIFIER_RATE_FACTOR)
                        .warmupRatio(WARMUP_RATIO)
                        .threads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2))
                        .build());
    }
}
