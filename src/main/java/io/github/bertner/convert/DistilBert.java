package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;

/**
 * {@code DistilBertForTokenClassification}: BERT's encoder under its own names ({@code q_lin}, {@code sa_layer_norm},
 * {@code ffn.lin1}, …) and config keys ({@code dim}, {@code n_layers}, {@code activation}), LayerNorm epsilon 1e-12,
 * word and absolute position embeddings (the sinusoidal table where the checkpoint has none), no token types.
 */
final class DistilBert extends PostNormEncoder {
    private static final String PREFIX = "distilbert.";

    private final int maxPositions;
    private final boolean sinusoidal;

    DistilBert(ConfigFields config, String className) throws ModelLoadException {
        super(
                config,
                className,
                config.positive("vocab_size", 30522),
                config.positive("dim", 768),
                config.positive("n_layers", 6),
                config.positive("n_heads", 12),
                config.positive("hidden_dim", 3072),
                1e-12f,
                config.activation("activation", "gelu"));
        this.maxPositions = config.positive("max_position_embeddings", 512);
        this.sinusoidal = config.flag("sinusoidal_pos_embds", false);
    }

    @Override
    String prefix() {
        return PREFIX;
    }

    @Override
    String embeddings(GraphParts parts) throws ModelLoadException {
        String e = PREFIX + "embeddings.";
        String words = wordEmbeddings(parts, e + "word_embeddings.weight", hidden);
        String table = sinusoidal && !parts.weights().has(e + "position_embeddings.weight")
                ? parts.constant("/embeddings/sinusoidal_positions", sinusoidalTable(), maxPositions, hidden)
                : parts.weight(e + "position_embeddings.weight", maxPositions, hidden);
        String positions = parts.absolutePositions(table);
        return parts.dropout(
                DropoutRates.Site.EMBEDDINGS,
                "/embeddings",
                parts.layerNorm(
                        e + "LayerNorm",
                        parts.add("/embeddings/add_positions", words, positions),
                        hidden,
                        layerNormEps,
                        true),
                hidden);
    }

    /** {@code sin(p / 10000^(2⌊j/2⌋/dim))} for even {@code j}, {@code cos} for odd, in float64, as transformers makes it. */
    private float[] sinusoidalTable() {
        float[] table = new float[maxPositions * hidden];
        for (int p = 0; p < maxPositions; p++) {
            for (int j = 0; j < hidden; j++) {
                double angle = p / Math.pow(10000, 2.0 * (j / 2) / hidden);
                table[p * hidden + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return table;
    }

    @Override
    LayerNames names(int layer) {
        String l = PREFIX + "transformer.layer." + layer + ".";
        return new LayerNames(
                l + "attention.q_lin",
                l + "attention.k_lin",
                l + "attention.v_lin",
                l + "attention.out_lin",
                l + "sa_layer_norm",
                l + "ffn.lin1",
                l + "ffn.lin2",
                l + "output_layer_norm");
    }
}
