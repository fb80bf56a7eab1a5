package io.github.bertner.cli;

import io.github.bertner.options.CountConverter;
import picocli.CommandLine.Option;

/** {@code --threads}: ONNX Runtime's intra-op threads, for the commands that tag and the one that trains. */
final class ThreadsOption {
    @Option(
            names = "--threads",
            paramLabel = "N",
            converter = CountConverter.NonNegative.class,
            defaultValue = "0",
            description = "ONNX Runtime intra-op threads; 0 for all cores (default: ${DEFAULT-VALUE}).")
    int threads;
}
