package io.github.bertner.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.github.bertner.Device;
import io.github.bertner.RecognizerConfig;

/**
 * The ONNX Runtime session options every model runs with, from its {@link RecognizerConfig}; also what {@code bench}
 * runs raw ONNX Runtime with, beside the recognizers.
 */
public final class OnnxSessionOptions {
    private OnnxSessionOptions() {}

    /**
     * Session options for a configuration: all graph optimizations, its intra-op threads (with the default of all
     * cores, on a CPU, the pool every model in the process shares: {@link OnnxEnvironment}; one thread a physical
     * core, {@link CpuCores}), memory arena and memory
     * pattern settings, and its device.
     *
     * @param config the configuration
     * @return new options; the caller closes them
     * @throws OrtException if ONNX Runtime rejects a setting
     * @throws IllegalArgumentException if CUDA is asked for but cannot be used
     */
    public static OrtSession.SessionOptions of(RecognizerConfig config) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (config.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(config.intraOpThreads());
            } else if (!config.device().cuda()) {
                if (OnnxEnvironment.sharesThreads()) {
                    options.disablePerSessionThreads();
                } else {
                    options.setIntraOpNumThreads(CpuCores.physical());
                }
            }
            options.setCPUArenaAllocator(config.memoryArena());
            options.setMemoryPatternOptimization(config.memoryPattern());
            if (config.device().cuda()) {
                useCuda(options, config.device());
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static void useCuda(OrtSession.SessionOptions options, Device device) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new IllegalArgumentException(
                    "device " + device + " was asked for, but this ONNX Runtime build has no CUDA"
                            + " execution provider: put onnxruntime_gpu instead of onnxruntime on the class path (mvn -Pgpu package)");
        }
        try {
            options.addCUDA(device.index());
        } catch (OrtException e) {
            throw new IllegalArgumentException(
                    "device " + device + " cannot be used (is CUDA installed and the GPU present?): " + e.getMessage(),
                    e);
        }
    }
}
