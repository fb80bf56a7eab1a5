package io.github.bertner.cli;

import io.github.bertner.Aggregation;
import io.github.bertner.Device;
import io.github.bertner.ModelLoadException;
import io.github.bertner.Tagger;
import io.github.bertner.TaggerConfig;
import io.github.bertner.WindowMerge;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that choose and configure the model, shared by every command. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory in the Hugging Face ONNX export layout (config.json, tokenizer.json"
                    + " or vocab.txt, model.onnx). Default: the small Danish demo model in testdata/danish-ner-mini.")
    Path model;

    @Option(names = "--aggregation", paramLabel = "STRATEGY", defaultValue = "FIRST", converter = AggregationConverter.class,
            description = "none, simple, first, average or max (default: ${DEFAULT-VALUE}).")
    Aggregation aggregation;

    @Option(names = "--stride", paramLabel = "N",
            description = "Overlap in subwords between windows over long inputs (default: 128, or half the window).")
    Integer stride;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Windows per ONNX Runtime run (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--quantized", description = "Use model_quantized.onnx (int8) instead of model.onnx.")
    boolean quantized;

    @Option(names = "--keep-special-labels",
            description = "Report labels such as [PAD] or [CLS] as entities, as the Hugging Face pipeline does (default: they count as O).")
    boolean keepSpecialLabels;

    @Option(names = "--window-merge", paramLabel = "MODE", defaultValue = "HUGGING_FACE",
            description = "How overlapping windows combine in raw-text mode: HUGGING_FACE or CENTER (default: ${DEFAULT-VALUE}).")
    WindowMerge windowMerge;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime intra-op threads; 0 for all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu", converter = DeviceConverter.class,
            description = "cpu, cuda or cuda:N (CUDA needs the gpu build: mvn -Pgpu package) (default: ${DEFAULT-VALUE}).")
    Device device;

    @Option(names = "--memory-arena", description = "Let ONNX Runtime keep freed memory in its CPU arena (default: off).")
    boolean memoryArena;

    @Option(names = "--memory-pattern", description = "Let ONNX Runtime cache a memory plan per input shape (default: off).")
    boolean memoryPattern;

    @Option(names = "--concurrent-runs", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime runs of one model at once when several threads tag; 0 for automatic: one when"
                    + " --threads is 0 (ONNX Runtime already uses every core), any number otherwise (default: ${DEFAULT-VALUE}).")
    int concurrentRuns;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    TaggerConfig config() {
        return TaggerConfig.builder()
                .aggregation(aggregation)
                .stride(stride == null ? TaggerConfig.DEFAULT_STRIDE : stride)
                .batchSize(batchSize)
                .quantized(quantized)
                .keepSpecialLabels(keepSpecialLabels)
                .windowMerge(windowMerge)
                .intraOpThreads(threads)
                .device(device)
                .memoryArena(memoryArena)
                .memoryPattern(memoryPattern)
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
