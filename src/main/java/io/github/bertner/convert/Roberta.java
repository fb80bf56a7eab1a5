package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.bertner.ModelLoadException;
import java.util.Arrays;

/**
 * {@code RobertaForTokenClassification}, {@code XLMRobertaForTokenClassification} and
 * {@code CamembertForTokenClassification} (one modeling code, prefix {@code roberta.}): BERT's encoder, with
 * position ids {@code padding_idx + 1} for the first real token of a sequence and {@code padding_idx} for padding,
 * and the one token-type row added as a constant (the model takes no token types).
 */
final class Roberta extends PostNormEncoder {
    private final int maxPositions;
    private final int typeVocabulary;
    private final int padding;

    Roberta(ConfigFields config, String className) throws ModelLoadException {
        super(
                config,
                className,
                config.positive("vocab_size", 50265),
                config.positive("hidden_size", 768),
                config.positive("num_hidden_layers", 12),
                config.positive("num_attention_heads", 12),
                config.positive("intermediate_size", 3072),
                (float) config.number("layer_norm_eps", 1e-12),
                config.activation("hidden_act", "gelu"));
        this.maxPositions = config.positive("max_position_embeddings", 512);
        this.typeVocabulary = config.positive("type_vocab_size", 2);
        this.padding = config.integer("pad_token_id", 1);
    }

    @Override
    String prefix() {
        return "roberta.";
    }

    @Override
    String embeddings(GraphParts parts) throws ModelLoadException {
        String e = "roberta.embeddings.";
        String words = wordEmbeddings(parts, e + "word_embeddings.weight", hidden);
        String positions = parts.gather(
                "/embeddings/position",
                parts.weight(e + "position_embeddings.weight", maxPositions, hidden),
                positionIds(parts));
        String sum = parts.add(
                "/embeddings/add_types", parts.add("/embeddings/add_positions", words, positions), typeRow(parts));
        return parts.dropout(
                DropoutRates.Site.EMBEDDINGS,
                "/embeddings",
                parts.layerNorm(e + "LayerNorm", sum, hidden, layerNormEps, true),
                hidden);
    }

    /**
     * The token-type row every token gets (type 0): a constant in inference; in training the table is a weight, as
     * transformers trains it, and the row is looked up.
     */
    private String typeRow(GraphParts parts) throws ModelLoadException {
        String key = "roberta.embeddings.token_type_embeddings.weight";
        if (parts.training()) {
            return parts.gather(
                    "/embeddings/token_type_row",
                    parts.weight(key, typeVocabulary, hidden),
                    parts.constantLongs("/embeddings/token_type_zero", 0));
        }
        float[] types = parts.weights().take(key, typeVocabulary, hidden);
        return parts.constant("/embeddings/token_type_row", Arrays.copyOf(types, hidden), hidden);
    }

    /**
     * {@code (position + 1) * (ids != pad) + pad}, the position counted in the token's own sequence: transformers'
     * {@code cumsum(ids != pad) * (ids != pad) + pad} for a row of one sequence.
     */
    private String positionIds(GraphParts parts) {
        String real = parts.notEqual("/embeddings/not_padding", GraphParts.INPUT_IDS, padding, DataType.INT64);
        String counted = parts.add(
                "/embeddings/count", parts.sequencePositions(), parts.constantLongs("/embeddings/count_from", 1));
        return parts.add(
                "/embeddings/position_ids",
                parts.mul("/embeddings/real_positions", counted, real),
                parts.constantLongs("/embeddings/position_offset", padding));
    }

    @Override
    LayerNames names(int layer) {
        return LayerNames.bert("roberta.encoder.layer." + layer + ".", "query", "key", "value");
    }
}
