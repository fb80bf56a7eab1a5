package io.github.bertner.runtime;

import io.github.bertner.Int8Weights;
import io.github.bertner.ModelInfo;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How ONNX Runtime's CPU kernels add up the products of a uint8 activation and an int8 weight on a processor.
 * On x86 processors without VNNI (AVX2, and AVX-512 without VNNI), its kernels multiply with {@code VPMADDUBSW},
 * which adds two neighbouring products in 16 bits and saturates past 32767: int8 weights whose pairs reach
 * {@code |w1 + w2| > 128} can then give wrong sums. VNNI and AMX processors, and ARM processors, add in 32 bits.
 * Uint8 weights (u8×u8 kernels) never saturate.
 *
 * @param pairsSaturate whether u8×s8 products are added in pairs in 16 bits, with saturation, on this processor
 * @param description the processor's int8 features in words, for messages ({@code "x86-64 with AVX2, without
 *     VNNI"})
 */
public record Int8Kernels(Optional<Boolean> pairsSaturate, String description) {
    private static final Logger LOG = LoggerFactory.getLogger(Int8Kernels.class);
    private static final Set<String> THIRTY_TWO_BIT_FLAGS = Set.of("avx512_vnni", "avx_vnni", "amx_int8");

    /**
     * The kernels of the processor this JVM runs on: read from {@code /proc/cpuinfo} on Linux x86-64; any 64-bit
     * ARM processor adds in 32 bits; elsewhere unknown.
     *
     * @return what this processor does
     */
    public static Int8Kernels thisProcessor() {
        String architecture = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (architecture.equals("aarch64") || architecture.equals("arm64")) {
            return new Int8Kernels(Optional.of(false), "64-bit ARM (int8 products added in 32 bits)");
        }
        if (!architecture.equals("amd64") && !architecture.equals("x86_64")) {
            return unknown(architecture);
        }
        return ProcessorInfo.field("flags")
                .map(flags -> ofX86Flags(Set.of(flags.split("\\s+"))))
                .orElseGet(() -> unknown("x86-64"));
    }

    /**
     * The kernels an x86-64 processor with these {@code /proc/cpuinfo} flags runs.
     *
     * @param flags the flags, such as {@code avx2} and {@code avx512_vnni}
     * @return what such a processor does
     */
    public static Int8Kernels ofX86Flags(Set<String> flags) {
        Set<String> vnni = flags.stream().filter(THIRTY_TWO_BIT_FLAGS::contains).collect(Collectors.toSet());
        if (!vnni.isEmpty()) {
            return new Int8Kernels(
                    Optional.of(false),
                    "x86-64 with " + String.join(", ", vnni.stream().sorted().toList()));
        }
        if (flags.contains("avx512bw")) {
            return new Int8Kernels(Optional.of(true), "x86-64 with AVX-512, without VNNI");
        }
        if (flags.contains("avx2")) {
            return new Int8Kernels(Optional.of(true), "x86-64 with AVX2, without VNNI");
        }
        return new Int8Kernels(Optional.of(false), "x86-64 without AVX2 (int8 products widened to 16 bits)");
    }

    /**
     * Whether int8 weights that can saturate give wrong sums here: true or unknown.
     *
     * @return false only where this processor is known to add in 32 bits
     */
    public boolean mayPairsSaturate() {
        return pairsSaturate.orElse(true);
    }

    /**
     * What a model's int8 products mean on this processor: the summary {@code info} shows.
     *
     * @param weights the model's int8 products
     * @param modelDirectory the model's directory, for the command that re-quantizes it
     * @return for example {@code "72 products, none can saturate on any processor"}
     */
    public String describe(Int8Weights weights, Path modelDirectory) {
        if (weights.products() == 0) {
            return "none (float model)";
        }
        if (!weights.canSaturate()) {
            return weights.products() + " products, none can saturate on any processor";
        }
        return weights.saturating() + " of " + weights.products()
                + " products can saturate on x86 processors without VNNI (this one: " + description
                + (mayPairsSaturate() ? ", where they give wrong sums" : "")
                + "); re-quantize it with: bert-ner convert --model " + modelDirectory
                + " --quantize --output NEW_DIRECTORY";
    }

    /**
     * Says when a loaded int8 model can give wrong sums: a warning on a processor where its products saturate, an
     * info line on one where they do not (the model may be copied to one where they do).
     *
     * @param info the loaded model
     */
    public static void warnIfCanSaturate(ModelInfo info) {
        if (!info.int8Weights().canSaturate()) {
            return;
        }
        Int8Kernels processor = thisProcessor();
        String message = "{}: {} (for example {})";
        Object[] arguments = {
            info.onnxModel(),
            processor.describe(info.int8Weights(), info.directory()),
            info.int8Weights().example().orElse("")
        };
        if (processor.mayPairsSaturate()) {
            LOG.warn(message, arguments);
        } else {
            LOG.info(message, arguments);
        }
    }

    private static Int8Kernels unknown(String architecture) {
        return new Int8Kernels(Optional.empty(), architecture + " (int8 features unknown)");
    }
}
