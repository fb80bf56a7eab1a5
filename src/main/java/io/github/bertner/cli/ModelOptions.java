package io.github.bertner.cli;

import io.github.bertner.ModelLoadException;
import io.github.bertner.Tagger;
import io.github.bertner.TaggerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose and configure the model, shared by every command. */
final class ModelOptions extends TaggerOptions {
    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory in the Hugging Face ONNX export layout (config.json, tokenizer.json"
                    + " or vocab.txt, model.onnx). Default: the small Danish demo model in testdata/danish-ner-mini.")
    Path model;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime intra-op threads; 0 for all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--concurrent-runs", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime runs of one model at once when several threads tag; 0 for automatic: one when"
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

    Path modelDirectory() {
        return model != null ? model : DefaultModel.locate();
    }

    Tagger load() throws ModelLoadException {
        return Tagger.load(modelDirectory(), config());
    }
}
