package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What makes a graph trainable: each weight becomes a graph input whose values the trainer holds, and each dropout
 * site keeps the elements a boolean mask input (drawn by the trainer) keeps, scaled by {@code 1/(1-p)}. {@link GraphParts} asks it for both while the architecture
 * builds its graph as it always does.
 */
final class TrainingInputs {
    private final DropoutRates rates;
    private final Map<String, float[]> replacements;
    private final List<Parameter> parameters = new ArrayList<>();
    private final List<DropoutMask> masks = new ArrayList<>();

    /**
     * @param rates the dropout rate of each site
     * @param replacements values that stand in for the checkpoint's (a new classifier), by name, in graph layout
     */
    TrainingInputs(DropoutRates rates, Map<String, float[]> replacements) {
        this.rates = rates;
        this.replacements = Map.copyOf(replacements);
    }

    /** The values that replace a checkpoint tensor, if any. */
    Optional<float[]> replacement(String name) {
        return Optional.ofNullable(replacements.get(name));
    }

    /**
     * Declares a weight as a graph input of fixed shape.
     *
     * @param values its initial values, in graph layout
     * @param transposed whether the graph holds the transpose of the checkpoint's tensor (a {@code Linear} weight)
     * @param normalization whether it belongs to a LayerNorm (never decayed)
     */
    String parameter(
            OnnxGraphBuilder graph,
            String name,
            float[] values,
            long[] shape,
            boolean transposed,
            boolean normalization) {
        graph.input(name, DataType.FLOAT, shape);
        FloatBuffer buffer = Parameter.directBuffer(values.length).put(values).flip();
        parameters.add(new Parameter(name, shape, buffer, transposed, normalization));
        return name;
    }

    /**
     * Inverted dropout with a mask input, {@code where(mask, x, 0) · 1/(1-p)}, unless the site's rate is 0. The mask
     * is boolean, so that the graph keeps a byte per element for the backward pass, as torch does.
     *
     * @param width the last axis of a hidden-state site, or the heads of the attention site
     */
    String dropout(OnnxGraphBuilder graph, DropoutRates.Site site, String name, String x, int width) {
        float rate = rates.of(site);
        if (rate == 0) {
            return x;
        }
        String mask = "dropout" + name;
        boolean attention = site == DropoutRates.Site.ATTENTION;
        long[] shape = attention
                ? new long[] {OnnxGraphBuilder.BATCH, width, OnnxGraphBuilder.SEQUENCE, OnnxGraphBuilder.SEQUENCE}
                : new long[] {OnnxGraphBuilder.BATCH, OnnxGraphBuilder.SEQUENCE, width};
        graph.input(mask, DataType.BOOL, shape);
        masks.add(new DropoutMask(mask, rate, attention, width));
        String kept = graph.node("Where", name + "/dropout", new String[] {
            mask, x, graph.floats(name + "/dropout_zero", new float[] {0f})
        });
        return graph.node("Mul", name + "/dropout_scaled", new String[] {
            kept, graph.floats(name + "/dropout_scale", new float[] {1f / (1f - rate)})
        });
    }

    List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    List<DropoutMask> masks() {
        return List.copyOf(masks);
    }
}
