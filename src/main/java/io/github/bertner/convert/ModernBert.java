package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ModernBertForTokenClassification}: pre-LayerNorm blocks (the first without its attention norm), one fused
 * {@code Wqkv} projection, rotary position embeddings (one theta for global layers, another for sliding ones),
 * attention over all keys in global layers and over keys within {@code local_attention / 2} positions in sliding
 * ones, a GeGLU feed-forward layer ({@code act(u)·g} of the two halves of {@code Wi}), a final norm, and a head of
 * dense layer, activation and norm before the classifier. Biases and norms' biases are there only where the
 * config says so.
 */
final class ModernBert extends Architecture {
    private static final String PREFIX = "model.";

    private final int hidden;
    private final int layers;
    private final int heads;
    private final int headSize;
    private final int intermediate;
    private final int maxPositions;
    private final float eps;
    private final boolean normBias;
    private final boolean attentionBias;
    private final boolean mlpBias;
    private final boolean classifierBias;
    private final Activation activation;
    private final Activation classifierActivation;
    private final int window;
    private final List<Boolean> sliding;
    private final double globalTheta;
    private final double localTheta;

    ModernBert(ConfigFields config, String className) throws ModelLoadException {
        super(config, className, config.positive("vocab_size", 50368));
        this.hidden = config.positive("hidden_size", 768);
        this.layers = config.positive("num_hidden_layers", 22);
        this.heads = config.positive("num_attention_heads", 12);
        this.headSize = config.headSize("hidden_size", hidden, "num_attention_heads", heads);
        this.intermediate = config.positive("intermediate_size", 1152);
        this.maxPositions = config.positive("max_position_embeddings", 8192);
        this.eps = (float) config.number("norm_eps", 1e-5);
        this.normBias = config.flag("norm_bias", false);
        this.attentionBias = config.flag("attention_bias", false);
        this.mlpBias = config.flag("mlp_bias", false);
        this.classifierBias = config.flag("classifier_bias", false);
        this.activation = config.activation("hidden_activation", "gelu");
        this.classifierActivation = config.activation("classifier_activation", "gelu");
        this.window = config.positive("local_attention", 128) / 2;
        this.sliding = layerTypes(config, layers);
        this.globalTheta = theta(config, "full_attention", "global_rope_theta", 160000);
        this.localTheta = theta(config, "sliding_attention", "local_rope_theta", 10000);
    }

    @Override
    String prefix() {
        return PREFIX;
    }

    @Override
    int layers() {
        return layers;
    }

    @Override
    int hiddenSize() {
        return hidden;
    }

    @Override
    String hiddenStates(GraphParts parts) throws ModelLoadException {
        String x = parts.layerNorm(
                PREFIX + "embeddings.norm",
                wordEmbeddings(parts, PREFIX + "embeddings.tok_embeddings.weight", hidden),
                hidden,
                eps,
                normBias);
        String globalMask = parts.attentionMask();
        String slidingMask = slidingMask(parts, globalMask);
        Rotary global = rotary(parts, "/rotary/global", globalTheta);
        Rotary local = rotary(parts, "/rotary/local", localTheta);
        for (int layer = 0; layer < layers; layer++) {
            boolean isSliding = sliding.get(layer);
            x = layer(parts, layer, x, isSliding ? slidingMask : globalMask, isSliding ? local : global);
        }
        return parts.layerNorm(PREFIX + "final_norm", x, hidden, eps, normBias);
    }

    @Override
    String logits(GraphParts parts, String hiddenStates) throws ModelLoadException {
        String dense = parts.linear("head.dense", hiddenStates, hidden, hidden, classifierBias);
        String head = parts.layerNorm(
                "head.norm", parts.activation("/head/activation", classifierActivation, dense), hidden, eps, normBias);
        return parts.linear("classifier", head, hidden, labels());
    }

    private String layer(GraphParts parts, int index, String x, String mask, Rotary rotary) throws ModelLoadException {
        String l = PREFIX + "layers." + index + ".";
        String name = "/layer" + index;
        String normalized = index == 0 ? x : parts.layerNorm(l + "attn_norm", x, hidden, eps, normBias);
        String qkv = parts.linear(l + "attn.Wqkv", normalized, hidden, 3 * hidden, attentionBias);
        String query = rotary.apply(
                parts,
                name + "/query",
                parts.splitHeads(name + "/query", parts.slice(name + "/q", qkv, 0, hidden), heads, headSize));
        String key = rotary.apply(
                parts,
                name + "/key",
                parts.splitHeads(name + "/key", parts.slice(name + "/k", qkv, hidden, 2L * hidden), heads, headSize));
        String value = parts.splitHeads(
                name + "/value", parts.slice(name + "/v", qkv, 2L * hidden, 3L * hidden), heads, headSize);
        String scores = parts.divide(
                name + "/scaled",
                parts.matMul(name + "/scores", query, parts.transpose(name + "/key_transposed", key, 0, 1, 3, 2)),
                (float) Math.sqrt(headSize));
        String attended = parts.linear(
                l + "attn.Wo",
                parts.attend(name + "/attention", scores, mask, value, hidden, heads),
                hidden,
                hidden,
                attentionBias);
        String afterAttention = parts.add(name + "/attention/residual", x, attended);
        String projected = parts.linear(
                l + "mlp.Wi",
                parts.layerNorm(l + "mlp_norm", afterAttention, hidden, eps, normBias),
                hidden,
                2 * intermediate,
                mlpBias);
        String[] halves = parts.halves(name + "/mlp", projected, 2 * intermediate);
        String gated = parts.mul(
                name + "/mlp/gated", parts.activation(name + "/mlp/activation", activation, halves[0]), halves[1]);
        return parts.add(
                name + "/mlp/residual",
                afterAttention,
                parts.linear(l + "mlp.Wo", gated, intermediate, hidden, mlpBias));
    }

    /** The key-padding mask plus {@link GraphParts#MASKED} where query and key are more than the window apart. */
    private String slidingMask(GraphParts parts, String keyPadding) {
        return parts.add(
                "/sliding/mask",
                keyPadding,
                parts.beyond("/sliding/band", parts.distances(), window, GraphParts.MASKED));
    }

    /** The cosine and sine of one theta at each token's position. */
    private record Rotary(String cos, String sin, int headSize) {
        /** {@code x·cos + rotate_half(x)·sin}, {@code rotate_half([a, b]) = [-b, a]}. */
        String apply(GraphParts parts, String name, String x) {
            String[] halves = parts.halves(name + "/rotate", x, headSize);
            String rotated = parts.concat(name + "/rotated", -1, parts.neg(name + "/negated", halves[1]), halves[0]);
            return parts.add(
                    name + "/rotary",
                    parts.mul(name + "/times_cos", x, cos),
                    parts.mul(name + "/times_sin", rotated, sin));
        }
    }

    /** {@code cos} and {@code sin} of {@code position · θ^(-2k/d)}, in float32 as transformers computes them. */
    private Rotary rotary(GraphParts parts, String name, double theta) {
        float[] inverse = new float[headSize / 2];
        for (int k = 0; k < inverse.length; k++) {
            inverse[k] = 1f / (float) Math.pow(theta, (float) (2 * k) / headSize);
        }
        float[] cos = new float[maxPositions * headSize];
        float[] sin = new float[maxPositions * headSize];
        for (int p = 0; p < maxPositions; p++) {
            for (int k = 0; k < headSize; k++) {
                float frequency = p * inverse[k % inverse.length];
                cos[p * headSize + k] = (float) Math.cos(frequency);
                sin[p * headSize + k] = (float) Math.sin(frequency);
            }
        }
        return new Rotary(
                rowsAtPositions(parts, name + "/cos", parts.constant(name + "/cos_table", cos, maxPositions, headSize)),
                rowsAtPositions(parts, name + "/sin", parts.constant(name + "/sin_table", sin, maxPositions, headSize)),
                headSize);
    }

    /** A table's rows at each token's position in its own sequence, {@code [batch, 1, L, headSize]}. */
    private static String rowsAtPositions(GraphParts parts, String name, String table) {
        return parts.unsqueeze(name, parts.gather(name + "/rows", table, parts.sequencePositions()), 1);
    }

    private static List<Boolean> layerTypes(ConfigFields config, int layers) throws ModelLoadException {
        List<Boolean> sliding = new ArrayList<>();
        var types = config.node("layer_types");
        if (types.isArray()) {
            if (types.size() != layers) {
                throw new ModelLoadException(
                        config.file(), "layer_types names " + types.size() + " layers, not " + layers);
            }
            for (var type : types) {
                String text = type.asText();
                if (!text.equals("full_attention") && !text.equals("sliding_attention")) {
                    throw new ModelLoadException(config.file(), "layer type \"" + text + "\" cannot be converted");
                }
                sliding.add(text.equals("sliding_attention"));
            }
            return sliding;
        }
        int every = config.positive("global_attn_every_n_layers", 3);
        for (int i = 0; i < layers; i++) {
            sliding.add(i % every != 0);
        }
        return sliding;
    }

    private static double theta(ConfigFields config, String layerType, String legacyKey, double fallback)
            throws ModelLoadException {
        var parameters = config.node("rope_parameters").path(layerType);
        String type = parameters.path("rope_type").asText("default");
        if (!type.equals("default")) {
            throw new ModelLoadException(
                    config.file(),
                    "rope_type \"" + type + "\" of " + layerType + " layers cannot be converted (only \"default\")");
        }
        if (config.node("rope_scaling").isObject()) {
            throw new ModelLoadException(config.file(), "rope_scaling cannot be converted");
        }
        return parameters.path("rope_theta").isNumber()
                ? parameters.path("rope_theta").asDouble()
                : config.number(legacyKey, fallback);
    }
}
