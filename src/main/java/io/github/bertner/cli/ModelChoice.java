package io.github.bertner.cli;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.hub.HubSettings;
import io.github.bertner.loader.ModelResolver;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which model a command uses ({@code --model}), and {@code --stacktrace}: the options every model command has. */
final class ModelChoice {
    @Option(
            names = "--model",
            paramLabel = "LOCATION",
            description =
                    "The model: a directory in the Hugging Face ONNX export layout (config.json, tokenizer.json or the"
                            + " original tokenizer files, model.onnx), a token-classification checkpoint directory (model.safetensors,"
                            + " pytorch_model.bin or shards; converted once; see convert --help), hf:ORG/NAME[@REVISION] (fetched"
                            + " from the Hugging Face Hub into its cache and converted), or classpath:PATH. Default: the small"
                            + " Danish demo model inside the jar (" + ModelLocation.DEMO + "), which is often wrong.")
    String model;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    ModelLocation location() {
        return ModelLocation.parse(model != null ? model : ModelLocation.DEMO);
    }

    /**
     * The model directory: the given one, or the fetched, converted or copied one for a Hub, checkpoint or class
     * path location, with a progress bar for downloads on a terminal.
     */
    Path directory(boolean quantized) throws ModelLoadException {
        return directory(location(), quantized);
    }

    /**
     * The model directory of a location: the given one, or the fetched, converted or copied one, with a progress
     * bar for downloads on a terminal.
     */
    static Path directory(ModelLocation location, boolean quantized) throws ModelLoadException {
        if (!ModelResolver.needsResolving(location)) {
            return location.localDirectory().orElseThrow();
        }
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return ModelResolver.resolve(
                location,
                quantized,
                HubSettings.fromEnvironment(),
                new DownloadProgressBar(err, System.console() != null));
    }
}
