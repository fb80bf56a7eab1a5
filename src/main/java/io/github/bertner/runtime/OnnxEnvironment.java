package io.github.bertner.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The process's ONNX Runtime environment, made here with one pool of intra-op threads that every session using all
 * cores shares ({@link OnnxSessionOptions#of}). Each session would otherwise have a pool of its own, and two models in
 * one process (fp32 beside int8, a UIMA pipeline's engines, {@code serve}'s models, {@code bench}'s rows) would
 * compete for the cores: a pool's threads spin for a while after each run, and the next model's run, on another
 * pool, ran 10 to 15 % slower beside them on two cores.
 *
 * <p>Where the environment was made before bert-ner asked for it (by the application, or by another library on
 * ONNX Runtime), its threads are unknown, and every session keeps a pool of its own, as before.
 */
public final class OnnxEnvironment {
    private OnnxEnvironment() {}

    /**
     * The environment, made on the first call.
     *
     * @return the process's ONNX Runtime environment
     * @throws IllegalStateException if ONNX Runtime cannot make it
     */
    public static OrtEnvironment get() {
        return Shared.INSTANCE.environment;
    }

    /**
     * Whether sessions using all cores can run on the environment's shared pool.
     *
     * @return true where bert-ner made the environment with its shared pool
     */
    static boolean sharesThreads() {
        return Shared.INSTANCE.sharesThreads;
    }

    /** Made once, on first use, by the class loader's lock. */
    private static final class Shared {
        static final Shared INSTANCE = make();

        final OrtEnvironment environment;
        final boolean sharesThreads;

        private Shared(OrtEnvironment environment, boolean sharesThreads) {
            this.environment = environment;
            this.sharesThreads = sharesThreads;
        }

        /** The shared pool has one thread a physical core ({@link CpuCores}) and spins as a session's own would. */
        private static Shared make() {
            try (OrtEnvironment.ThreadingOptions threads = new OrtEnvironment.ThreadingOptions()) {
                threads.setGlobalSpinControl(true);
                threads.setGlobalIntraOpNumThreads(CpuCores.physical());
                return new Shared(
                        OrtEnvironment.getEnvironment(
                                OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, OrtEnvironment.DEFAULT_NAME, threads),
                        true);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime cannot make its thread pool: " + e.getMessage(), e);
            } catch (IllegalStateException e) {
                if (e.getCause() != null) {
                    throw e;
                }
                return new Shared(OrtEnvironment.getEnvironment(), false);
            }
        }
    }
}
