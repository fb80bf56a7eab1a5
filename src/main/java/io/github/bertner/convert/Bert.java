package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import java.util.List;

/**
 * {@code BertForTokenClassification} and {@code ElectraForTokenClassification}: word, position ({@code 0…L-1})
 * and token-type embeddings summed and normalized, ELECTRA's in their own width {@code embedding_size} and then
 * projected ({@code embeddings_project}) where it differs from the hidden width.
 */
final class Bert extends PostNormEncoder {
    private final String prefix;
    private final int embedding;
    private final int maxPositions;
    private final int typeVocabulary;

    Bert(ConfigFields config, String className) throws ModelLoadException {
        super(
                config,
                className,
                config.positive("vocab_size", 30522),
                config.positive("hidden_size", config.modelType().equals("electra") ? 256 : 768),
                config.positive("num_hidden_layers", 12),
                config.positive("num_attention_heads", config.modelType().equals("electra") ? 4 : 12),
                config.positive("intermediate_size", config.modelType().equals("electra") ? 1024 : 3072),
                (float) config.number("layer_norm_eps", 1e-12),
                config.activation("hidden_act", "gelu"));
        boolean electra = config.modelType().equals("electra");
        this.prefix = electra ? "electra." : "bert.";
        this.embedding = electra ? config.positive("embedding_size", 128) : hidden;
        this.maxPositions = config.positive("max_position_embeddings", 512);
        this.typeVocabulary = config.positive("type_vocab_size", 2);
    }

    @Override
    String prefix() {
        return prefix;
    }

    @Override
    List<String> inputs() {
        return List.of(GraphParts.INPUT_IDS, GraphParts.ATTENTION_MASK, GraphParts.TOKEN_TYPE_IDS);
    }

    @Override
    String embeddings(GraphParts parts) throws ModelLoadException {
        String e = prefix + "embeddings.";
        String words = wordEmbeddings(parts, e + "word_embeddings.weight", embedding);
        String positions =
                parts.absolutePositions(parts.weight(e + "position_embeddings.weight", maxPositions, embedding));
        String types = parts.gather(
                "/embeddings/token_type",
                parts.weight(e + "token_type_embeddings.weight", typeVocabulary, embedding),
                GraphParts.TOKEN_TYPE_IDS);
        String sum =
                parts.add("/embeddings/add_types", parts.add("/embeddings/add_positions", words, positions), types);
        String normalized = parts.dropout(
                DropoutRates.Site.EMBEDDINGS,
                "/embeddings",
                parts.layerNorm(e + "LayerNorm", sum, embedding, layerNormEps, true),
                embedding);
        return embedding == hidden
                ? normalized
                : parts.linear(prefix + "embeddings_project", normalized, embedding, hidden);
    }

    @Override
    LayerNames names(int layer) {
        return LayerNames.bert(prefix + "encoder.layer." + layer + ".", "query", "key", "value");
    }
}
