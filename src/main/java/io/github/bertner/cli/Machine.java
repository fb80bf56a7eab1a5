package io.github.bertner.cli;

import io.github.bertner.runtime.Int8Kernels;
import io.github.bertner.runtime.ProcessorInfo;

/** A one-line description of the machine and its int8 features, for benchmark reports. */
final class Machine {
    private Machine() {}

    static String describe() {
        return cpuModel() + " (" + Int8Kernels.thisProcessor().description() + "), "
                + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + Runtime.version().feature();
    }

    private static String cpuModel() {
        return ProcessorInfo.field("model name").orElse(System.getProperty("os.arch"));
    }
}
