package io.github.bertner.cli;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Tagger;
import io.github.bertner.TaggerConfig;
import io.github.bertner.hub.HubSettings;
import io.github.bertner.options.TaggerOptions;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose and configure the model, shared by every command. */
final class ModelOptions extends TaggerOptions {
    @Option(
            names = "--model",
            paramLabel = "LOCATION",
            description =
                    "The model: a directory in the Hugging Face ONNX export layout (config.json, tokenizer.json or the"
                            + " original tokenizer files, model.onnx), a token-classification checkpoint directory (model.safetensors,"
                            + " pytorch_model.bin or shards; converted once; see convert --help), or hf:ORG/NAME[@REVISION] (fetched"
                            + " from the Hugging Face Hub into its cache and converted). Default: the small Danish demo model in"
                            + " testdata/danish-ner-mini.")
    String model;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "0",
            description = "ONNX Runtime intra-op threads; 0 for all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--concurrent-runs",
            paramLabel = "N",
            defaultValue = "0",
            description =
                    "ONNX Runtime runs of one model at once when several threads tag; 0 for automatic: one when"
                            + " --threads is 0 (ONNX Runtime already uses every core), any number otherwise (default: ${DEFAULT-VALUE}).")
    int concurrentRuns;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    TaggerConfig config() {
        return configBuilder()
                .intraOpThreads(threads)
                .maxConcurrentRuns(concurrentRuns)
                .build();
    }

    ModelLocation location() {
        return model != null ? ModelLocation.parse(model) : ModelLocation.directory(DefaultModel.locate());
    }

    /** The model directory: the given one, or the fetched and converted one for a Hub location or checkpoint. */
    Path modelDirectory() throws ModelLoadException {
        ModelLocation location = location();
        if (!location.needsResolving()) {
            return location.localDirectory().orElseThrow();
        }
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        return location.resolve(
                quantized(), HubSettings.fromEnvironment(), new DownloadProgressBar(err, System.console() != null));
    }

    Tagger load() throws ModelLoadException {
        return Tagger.loadDirectory(modelDirectory(), config());
    }
}
