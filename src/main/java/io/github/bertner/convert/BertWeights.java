package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The tensors of a {@code BertForTokenClassification} state dict by their transformers names, with old
 * {@code gamma}/{@code beta} LayerNorm names read as {@code weight}/{@code bias}. Each tensor is checked
 * against the shape {@code config.json} implies when it is taken.
 */
final class BertWeights {
    private final Path file;
    private final Map<String, CheckpointTensor> tensors;

    BertWeights(Path file, Map<String, CheckpointTensor> checkpoint) {
        this.file = file;
        this.tensors = new HashMap<>();
        checkpoint.forEach((name, tensor) -> tensors.put(canonical(name), tensor));
    }

    /**
     * The values of a tensor, as float32.
     *
     * @param name the transformers name, such as {@code bert.embeddings.word_embeddings.weight}
     * @param shape the shape the config implies
     * @throws ModelLoadException naming the tensor when it is missing, not floating-point or of another shape
     */
    float[] take(String name, long... shape) throws ModelLoadException {
        CheckpointTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new ModelLoadException(
                    file,
                    "has no tensor " + name + " (expected " + Arrays.toString(shape)
                            + "): not a BertForTokenClassification checkpoint");
        }
        if (!tensor.dtype().isFloat()) {
            throw new ModelLoadException(
                    file, "tensor " + name + " is " + tensor.dtype() + ", expected floating point");
        }
        if (!Arrays.equals(tensor.shape(), shape)) {
            throw new ModelLoadException(
                    file,
                    "tensor " + name + " has shape " + tensor.shapeText() + " but config.json implies "
                            + Arrays.toString(shape));
        }
        return tensor.floats();
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

    private static String canonical(String name) {
        if (name.contains("LayerNorm.gamma")) {
            return name.replace("LayerNorm.gamma", "LayerNorm.weight");
        }
        return name.contains("LayerNorm.beta") ? name.replace("LayerNorm.beta", "LayerNorm.bias") : name;
    }
}
