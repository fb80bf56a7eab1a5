package io.github.bertner.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A weight of a model being trained ({@link TrainingGraph}).
 *
 * @param name its name in the checkpoint ({@code bert.encoder.layer.0.attention.self.query.weight}), which is also
 *     the graph input's
 * @param shape its shape in the graph
 * @param values its values, in the graph's layout, in a direct buffer of native order that a session reads in
 *     place and the trainer updates
 * @param transposed whether the graph holds the transpose of the checkpoint's tensor ({@code Linear} weights)
 * @param normalization whether it belongs to a LayerNorm
 */
public record Parameter(String name, long[] shape, FloatBuffer values, boolean transposed, boolean normalization) {
    private static final Pattern NO_DECAY_NAME =
            Pattern.compile("bias|layernorm|rmsnorm|(^|\\.)norm($|\\.)|_norm($|\\.)");

    /**
     * A buffer of zeros outside the Java heap, in native order, as a session reads it in place: where the weights, their
     * gradients and the optimizer's moments are held, so that the heap stays small whatever the model.
     *
     * @param size the number of floats
     * @return the buffer
     */
    public static FloatBuffer directBuffer(int size) {
        return ByteBuffer.allocateDirect(4 * size)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /** Its shape in the checkpoint. */
    public long[] checkpointShape() {
        return transposed ? new long[] {shape[1], shape[0]} : shape.clone();
    }

    /** The number of values. */
    public int size() {
        return values.capacity();
    }

    /**
     * Whether weight decay applies, as transformers' Trainer decides: not to LayerNorm weights, nor to names
     * that speak of a bias or a norm.
     */
    public boolean decays() {
        return !normalization
                && !NO_DECAY_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
    }

    /** The name of its gradient among the graph's outputs. */
    public String gradient() {
        return "gradient/" + name;
    }
}
