package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The activations of transformers' {@code ACT2FN} that the converter builds, by their config names. */
enum Activation {
    /** The exact erf form ({@code gelu}, {@code gelu_python}). */
    GELU(List.of("gelu", "gelu_python")),
    /** The tanh approximation ({@code gelu_new}, {@code gelu_pytorch_tanh}, {@code gelu_accurate}, {@code gelu_fast}). */
    GELU_TANH(List.of("gelu_new", "gelu_pytorch_tanh", "gelu_accurate", "gelu_fast")),
    /** {@code x·σ(1.702·x)} ({@code quick_gelu}). */
    QUICK_GELU(List.of("quick_gelu")),
    /** {@code relu}. */
    RELU(List.of("relu")),
    /** {@code x·σ(x)} ({@code silu}, {@code swish}). */
    SILU(List.of("silu", "swish")),
    /** {@code tanh}. */
    TANH(List.of("tanh"));

    private final List<String> names;

    Activation(List<String> names) {
        this.names = names;
    }

    /**
     * The activation a config names.
     *
     * @param file config.json, for messages
     * @param key the config key that names it
     * @param name its value
     * @throws ModelLoadException naming the key and the activations that convert
     */
    static Activation of(Path file, String key, String name) throws ModelLoadException {
        for (Activation activation : values()) {
            if (activation.names.contains(name)) {
                return activation;
            }
        }
        throw new ModelLoadException(
                file,
                key + " \"" + name + "\" cannot be converted (supported: "
                        + String.join(
                                ", ",
                                Arrays.stream(values())
                                        .flatMap(a -> a.names.stream())
                                        .toList()) + ")");
    }
}
