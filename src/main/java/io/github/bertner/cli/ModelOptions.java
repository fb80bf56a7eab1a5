package io.github.bertner.cli;

import io.github.bertner.EntityTypes;
import io.github.bertner.ModelKind;
import io.github.bertner.ModelLoadException;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.TokenDecoding;
import io.github.bertner.options.CountConverter;
import io.github.bertner.options.TaggerOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that choose and configure the model for the commands that tag: tag, evaluate and bench. */
final class ModelOptions extends TaggerOptions {
    @Mixin
    ModelChoice choice;

    @Mixin
    ThreadsOption threads;

    @Option(
            names = "--concurrent-runs",
            paramLabel = "N",
            converter = CountConverter.NonNegative.class,
            defaultValue = "0",
            description =
                    "ONNX Runtime runs of one model at once when several threads tag; 0 for automatic: one when"
                            + " --threads is 0 (ONNX Runtime already uses every core), any number otherwise (default: ${DEFAULT-VALUE}).")
    int concurrentRuns;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    RecognizerConfig config() {
        return configBuilder()
                .intraOpThreads(threads.threads)
                .maxConcurrentRuns(concurrentRuns)
                .build();
    }

    /** The model directory: the given one, or the fetched and converted one for a Hub location or checkpoint. */
    Path modelDirectory() throws ModelLoadException {
        return choice.directory(quantized());
    }

    /**
     * The entity types of {@code --labels} and {@code --threshold}.
     *
     * @throws ParameterException naming the option whose value is invalid
     */
    EntityTypes types() {
        try {
            return entityTypes();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    command.commandLine(),
                    "Invalid value for option '--labels' or '--threshold': " + e.getMessage(),
                    e);
        }
    }

    /**
     * Loads the model (either kind) and checks that it can find the entity types.
     *
     * @throws ParameterException if {@code --stride} does not fit the model's window, or {@code --labels} the model
     */
    Recognizer load() throws ModelLoadException {
        RecognizerConfig config = config();
        EntityTypes types = types();
        Recognizer recognizer;
        try {
            recognizer = Recognizers.load(modelDirectory(), config);
        } catch (IllegalArgumentException e) {
            if (config.tokenDecoding().stride() != TokenDecoding.DEFAULT_STRIDE
                    && e.getMessage().startsWith("stride")) {
                throw new ParameterException(
                        command.commandLine(), "Invalid value for option '--stride': " + e.getMessage(), e);
            }
            throw e;
        }
        try {
            checkTypes(recognizer, types);
            return recognizer;
        } catch (ParameterException e) {
            recognizer.close();
            throw e;
        }
    }

    /** Checks that the model can find the types, before any sentence is tagged. */
    private void checkTypes(Recognizer recognizer, EntityTypes types) {
        if (recognizer.info().kind() == ModelKind.TOKEN_CLASSIFICATION
                && !recognizer.config().spanDecoding().isFlat()) {
            throw new ParameterException(
                    command.commandLine(),
                    (recognizer.config().spanDecoding().nested() ? "--nested" : "--multi-label")
                            + " is for zero-shot models: "
                            + recognizer.info().directory()
                            + " is a token classifier, whose entities are flat and of one type each");
        }
        if (recognizer.info().kind() == ModelKind.ZERO_SHOT_SPANS && types.isModel()) {
            throw new ParameterException(
                    command.commandLine(),
                    "Missing option '--labels': " + recognizer.info().directory()
                            + " is a zero-shot GLiNER model, which"
                            + " finds the entity types you name: add, for example, --labels person,organization,location");
        }
        try {
            recognizer.check(types);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    command.commandLine(), "Invalid value for option '--labels': " + e.getMessage(), e);
        }
    }
}
