package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tensors of a token-classification checkpoint by their transformers names, as transformers loads them: old
 * {@code gamma}/{@code beta} LayerNorm names read as {@code weight}/{@code bias}, and a checkpoint saved from the
 * base model (keys without the model's prefix, such as {@code embeddings.…} for {@code roberta.embeddings.…})
 * accepted. Each tensor is checked against the shape {@code config.json} implies when it is taken.
 */
final class Weights {
    private final Checkpoint checkpoint;
    private final String architecture;
    private final String prefix;
    private final Map<String, CheckpointTensor> tensors = new HashMap<>();

    /**
     * @param checkpoint the checkpoint
     * @param architecture the architecture's class name, for messages
     * @param prefix the base model's key prefix ({@code bert.}, {@code roberta.}, {@code model.}, …)
     */
    Weights(Checkpoint checkpoint, String architecture, String prefix) {
        this(checkpoint, architecture, prefix, prefix);
    }

    /**
     * The tensors of a model that holds its base model under other keys (GLiNER's
     * {@code token_rep_layer.bert_layer.model.}), read under the base model's own prefix.
     *
     * @param heldUnder the key prefix the checkpoint holds the base model under
     */
    Weights(Checkpoint checkpoint, String architecture, String prefix, String heldUnder) {
        this.checkpoint = checkpoint;
        this.architecture = architecture;
        this.prefix = prefix;
        checkpoint.tensors().forEach((name, tensor) -> tensors.put(canonical(rename(name, heldUnder, prefix)), tensor));
    }

    private static String rename(String name, String from, String to) {
        return name.startsWith(from) ? to + name.substring(from.length()) : name;
    }

    /** Whether the checkpoint has a tensor. */
    boolean has(String name) {
        return tensor(name).isPresent();
    }

    /**
     * A tensor the graph needs, checked against the shape the config implies.
     *
     * @throws ModelLoadException naming the tensor when it is missing, not floating-point or of another shape
     */
    CheckpointTensor tensor(String name, long... shape) throws ModelLoadException {
        CheckpointTensor tensor = tensor(name)
                .orElseThrow(() -> new ModelLoadException(
                        checkpoint.fileOf(name),
                        "has no tensor " + name + " (expected " + Arrays.toString(shape) + "): not an " + architecture
                                + " checkpoint"));
        if (!tensor.dtype().isFloat()) {
            throw new ModelLoadException(
                    checkpoint.fileOf(tensor.name()),
                    "tensor " + name + " is " + tensor.dtype() + ", expected floating point");
        }
        if (!Arrays.equals(tensor.shape(), shape)) {
            throw new ModelLoadException(
                    checkpoint.fileOf(tensor.name()),
                    "tensor " + name + " has shape " + tensor.shapeText() + " but config.json implies "
                            + Arrays.toString(shape));
        }
        return tensor;
    }

    /** The values of a tensor, as float32. */
    float[] take(String name, long... shape) throws ModelLoadException {
        CheckpointTensor tensor = tensor(name, shape);
        try {
            return tensor.floats();
        } catch (IOException e) {
            throw ModelLoadException.of(checkpoint.fileOf(tensor.name()), "tensor " + name + " cannot be read", e);
        }
    }

    /** The transpose of a {@code Linear} weight stored {@code [out, in]}: {@code [in, out]}, as MatMul takes it. */
    float[] takeLinear(String name, int out, int in) throws ModelLoadException {
        float[] weight = take(name, out, in);
        float[] transposed = new float[weight.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = weight[o * in + i];
            }
        }
        return transposed;
    }

    /** The file of a tensor, for messages. */
    Path fileOf(String name) {
        return checkpoint.fileOf(tensor(name).map(CheckpointTensor::name).orElse(name));
    }

    private Optional<CheckpointTensor> tensor(String name) {
        CheckpointTensor tensor = tensors.get(name);
        if (tensor == null && name.startsWith(prefix)) {
            tensor = tensors.get(name.substring(prefix.length()));
        }
        return Optional.ofNullable(tensor);
    }

    private static String canonical(String name) {
        if (name.contains("LayerNorm.gamma")) {
            return name.replace("LayerNorm.gamma", "LayerNorm.weight");
        }
        return name.contains("LayerNorm.beta") ? name.replace("LayerNorm.beta", "LayerNorm.bias") : name;
    }
}
