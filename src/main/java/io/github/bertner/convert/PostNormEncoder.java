package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;

/**
 * The encoder that BERT, RoBERTa, ELECTRA, DistilBERT and DeBERTa share: post-LayerNorm blocks of multi-head
 * self-attention and a feed-forward layer, then a linear classifier. Each architecture supplies its embeddings, its
 * weight names, and (DeBERTa) attention scores of its own.
 */
abstract class PostNormEncoder extends Architecture {
    /** The weight names of one layer, each a {@code Linear} or {@code LayerNorm} prefix. */
    record LayerNames(
            String query,
            String key,
            String value,
            String attentionOutput,
            String attentionNorm,
            String intermediate,
            String output,
            String outputNorm) {

        /** BERT's names, under {@code prefix}{@code encoder.layer.}{@code i}{@code .}, with its query, key and value. */
        static LayerNames bert(String layerPrefix, String query, String key, String value) {
            String self = layerPrefix + "attention.self.";
            return new LayerNames(
                    self + query,
                    self + key,
                    self + value,
                    layerPrefix + "attention.output.dense",
                    layerPrefix + "attention.output.LayerNorm",
                    layerPrefix + "intermediate.dense",
                    layerPrefix + "output.dense",
                    layerPrefix + "output.LayerNorm");
        }
    }

    final int hidden;
    final int layers;
    final int heads;
    final int headSize;
    final int intermediate;
    final float layerNormEps;
    final Activation activation;

    PostNormEncoder(
            ConfigFields config,
            String className,
            int vocabulary,
            int hidden,
            int layers,
            int heads,
            int intermediate,
            float layerNormEps,
            Activation activation)
            throws ModelLoadException {
        super(config, className, vocabulary);
        this.hidden = hidden;
        this.layers = layers;
        this.heads = heads;
        this.headSize = config.headSize("hidden size", hidden, "attention heads", heads);
        this.intermediate = intermediate;
        this.layerNormEps = layerNormEps;
        this.activation = activation;
    }

    /** The embeddings, {@code [batch, sequence, hidden]}. */
    abstract String embeddings(GraphParts parts) throws ModelLoadException;

    /** The weight names of layer {@code i}. */
    abstract LayerNames names(int layer);

    /**
     * The scaled attention scores of one layer, {@code [batch, heads, queries, keys]}: {@code Q·Kᵀ/√d}.
     *
     * @param query {@code [batch, heads, sequence, size]}
     * @param keys {@code [batch, heads, size, sequence]}
     */
    String scores(GraphParts parts, int layer, String name, String query, String keys) throws ModelLoadException {
        return parts.divide(name + "/scaled", parts.matMul(name + "/scores", query, keys), (float) Math.sqrt(headSize));
    }

    @Override
    final int layers() {
        return layers;
    }

    @Override
    final int hiddenSize() {
        return hidden;
    }

    @Override
    final String hiddenStates(GraphParts parts) throws ModelLoadException {
        String hiddenStates = embeddings(parts);
        String mask = parts.attentionMask();
        for (int layer = 0; layer < layers; layer++) {
            hiddenStates = layer(parts, layer, hiddenStates, mask);
        }
        return hiddenStates;
    }

    @Override
    final String logits(GraphParts parts, String hiddenStates) throws ModelLoadException {
        return parts.linear(
                "classifier",
                parts.dropout(DropoutRates.Site.CLASSIFIER, "/classifier", hiddenStates, hidden),
                hidden,
                labels());
    }

    private String layer(GraphParts parts, int index, String input, String mask) throws ModelLoadException {
        LayerNames names = names(index);
        String name = "/layer" + index;
        String context = selfAttention(parts, index, names, name + "/attention", input, mask);
        String projected = parts.dropout(
                DropoutRates.Site.ATTENTION_OUTPUT,
                name + "/attention/output",
                parts.linear(names.attentionOutput(), context, hidden, hidden),
                hidden);
        String attended = parts.add(name + "/attention/residual", input, projected);
        String attention = parts.layerNorm(names.attentionNorm(), attended, hidden, layerNormEps, true);
        String activated = parts.activation(
                name + "/intermediate",
                activation,
                parts.linear(names.intermediate(), attention, hidden, intermediate));
        String feedForward = parts.dropout(
                DropoutRates.Site.FEED_FORWARD,
                name + "/output",
                parts.linear(names.output(), activated, intermediate, hidden),
                hidden);
        String output = parts.add(name + "/output/residual", attention, feedForward);
        return parts.layerNorm(names.outputNorm(), output, hidden, layerNormEps, true);
    }

    private String selfAttention(GraphParts parts, int index, LayerNames names, String name, String input, String mask)
            throws ModelLoadException {
        String query =
                parts.splitHeads(name + "/query", parts.linear(names.query(), input, hidden, hidden), heads, headSize);
        String keys = parts.splitHeadsTransposed(
                name + "/key", parts.linear(names.key(), input, hidden, hidden), heads, headSize);
        String value =
                parts.splitHeads(name + "/value", parts.linear(names.value(), input, hidden, hidden), heads, headSize);
        return parts.attend(name, scores(parts, index, name, query, keys), mask, value, hidden, heads);
    }
}
