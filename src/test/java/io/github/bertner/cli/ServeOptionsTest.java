package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.serve.ServeSettings;
import io.github.bertner.serve.ServeTraining;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code serve}'s options as they reach the server's settings, without starting it. */
@Tag("unit")
class ServeOptionsTest {

    private static ServeCommand command(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static ServeSettings parse(String... args) {
        return command(args).settings();
    }

    @Test
    void miscIsOthUnlessTheLabelMapSaysOtherwise() {
        assertThat(parse().labelMap()).isEqualTo(Map.of("MISC", "OTH"));
        assertThat(ServeSettings.defaults().labelMap()).isEqualTo(Map.of("MISC", "OTH"));
    }

    @Test
    void aGivenLabelMapReplacesTheDefault() {
        assertThat(parse("--label-map", "PER=PERSON").labelMap()).isEqualTo(Map.of("PER", "PERSON"));
        assertThat(parse("--label-map", "MISC=O").labelMap()).isEqualTo(Map.of("MISC", "O"));
    }

    private static ServeTraining training(String... args) {
        return command(args).training();
    }

    @Test
    void withoutTrainableNothingIsLearntAndAStateDirectoryIsRefused() {
        assertThat(training()).isNull();
        assertThatThrownBy(() -> training("--state", "state"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--state keeps trained models: it needs --trainable");
    }

    @Test
    void trainableTakesTheRecommendersDefaultsAndTheGivenOptions() {
        ServeTraining defaults = training("--trainable");
        assertThat(defaults.stateDirectory()).isEmpty();
        assertThat(defaults.settings().epochs()).isEqualTo(ServeTraining.EPOCHS);
        assertThat(defaults.settings().learningRate()).isEqualTo(ServeTraining.LEARNING_RATE);
        assertThat(defaults.settings().classifierLearningRate().getAsDouble())
                .isEqualTo(ServeTraining.LEARNING_RATE * ServeTraining.CLASSIFIER_RATE_FACTOR);
        assertThat(defaults.settings().extendClassifier()).isTrue();
        ServeTraining given = training(
                "--trainable",
                "--state",
                "state",
                "--train-epochs",
                "2",
                "--train-learning-rate",
                "3e-5",
                "--train-threads",
                "3");
        assertThat(given.stateDirectory()).contains(Path.of("state"));
        assertThat(given.settings().epochs()).isEqualTo(2);
        assertThat(given.settings().learningRate()).isEqualTo(3e-5);
        assertThat(given.settings().threads()).isEqualTo(3);
        assertThatThrownBy(() -> training("--trainable", "--train-learning-rate", "-1"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("'--train-learning-rate'");
    }
}
