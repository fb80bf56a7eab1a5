package io.github.bertner.convert;

import static io.github.bertner.convert.OnnxGraphBuilder.intAttribute;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.bertner.ModelLoadException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code DebertaV2ForTokenClassification} (DeBERTa-v2 and v3): BERT's post-LayerNorm blocks with disentangled
 * attention. Each score adds to {@code Q·Kᵀ} a content-to-position term {@code Q·Krᵀ} and a position-to-content
 * term {@code K·Qrᵀ}, read at the log-bucketed relative distance of query and key, all divided by
 * {@code √(d·f)} ({@code f} = 1 + the terms in {@code pos_att_type}). {@code Kr} and {@code Qr} are the layer's own
 * key and query projections (or its {@code pos_key_proj}/{@code pos_query_proj}) of the relative embeddings,
 * normalized once by the encoder's LayerNorm; the relative distances follow the sequence length, from a table of
 * bucket indices computed here. Absolute positions and token types are added only where the config says so; the
 * embeddings of padding are zero.
 */
final class DebertaV2 extends PostNormEncoder {
    private static final String PREFIX = "deberta.";

    private final int vocabulary;
    private final int embedding;
    private final int maxPositions;
    private final int typeVocabulary;
    private final boolean positionBiasedInput;
    private final boolean relativeAttention;
    private final boolean shareAttentionKey;
    private final boolean contentToPosition;
    private final boolean positionToContent;
    private final boolean normalizeRelativeEmbeddings;
    private final int maxRelativePositions;
    private final int positionBuckets;
    private final float scale;
    private String relativeEmbeddings;
    private String relativeIndex;

    DebertaV2(ConfigFields config, String className) throws ModelLoadException {
        super(
                config,
                className,
                config.positive("hidden_size", 1536),
                config.positive("num_hidden_layers", 24),
                config.positive("num_attention_heads", 24),
                config.positive("intermediate_size", 6144),
                (float) config.number("layer_norm_eps", 1e-7),
                config.activation("hidden_act", "gelu"));
        if (config.integer("conv_kernel_size", 0) > 0) {
            throw new ModelLoadException(
                    config.file(),
                    "conv_kernel_size " + config.integer("conv_kernel_size", 0)
                            + " (the convolution of DeBERTa-v2 xlarge and xxlarge) cannot be converted yet; export this"
                            + " model to ONNX with Optimum");
        }
        if (config.integer("attention_head_size", headSize) != headSize) {
            throw new ModelLoadException(
                    config.file(),
                    "attention_head_size " + config.integer("attention_head_size", headSize)
                            + " is not hidden_size / num_attention_heads, which the converter builds");
        }
        this.vocabulary = config.positive("vocab_size", 128100);
        this.embedding = config.positive("embedding_size", hidden);
        this.maxPositions = config.positive("max_position_embeddings", 512);
        this.typeVocabulary = config.integer("type_vocab_size", 0);
        this.positionBiasedInput = config.flag("position_biased_input", true);
        this.relativeAttention = config.flag("relative_attention", false);
        this.shareAttentionKey = config.flag("share_att_key", false);
        List<String> types = lowercaseList(config, "pos_att_type");
        this.contentToPosition = types.contains("c2p");
        this.positionToContent = types.contains("p2c");
        this.normalizeRelativeEmbeddings =
                Arrays.asList(config.text("norm_rel_ebd")
                                .orElse("none")
                                .toLowerCase(java.util.Locale.ROOT)
                                .split("\\|"))
                        .stream()
                        .map(String::strip)
                        .anyMatch("layer_norm"::equals);
        int maxRelative = config.integer("max_relative_positions", -1);
        this.maxRelativePositions = maxRelative < 1 ? maxPositions : maxRelative;
        this.positionBuckets = config.integer("position_buckets", -1);
        this.scale = (float) Math.sqrt(headSize * (1.0 + (contentToPosition ? 1 : 0) + (positionToContent ? 1 : 0)));
    }

    @Override
    String prefix() {
        return PREFIX;
    }

    @Override
    List<String> inputs() {
        return typeVocabulary > 0
                ? List.of(GraphParts.INPUT_IDS, GraphParts.ATTENTION_MASK, GraphParts.TOKEN_TYPE_IDS)
                : List.of(GraphParts.INPUT_IDS, GraphParts.ATTENTION_MASK);
    }

    @Override
    int vocabularySize() {
        return vocabulary;
    }

    /** The relative embedding table's rows: twice the buckets, or twice the largest distance. */
    private int span() {
        return positionBuckets > 0 ? positionBuckets : maxRelativePositions;
    }

    @Override
    String embeddings(GraphParts parts) throws ModelLoadException {
        String e = PREFIX + "embeddings.";
        String sum = parts.gather(
                "/embeddings/word",
                parts.weight(e + "word_embeddings.weight", vocabulary, embedding),
                GraphParts.INPUT_IDS);
        if (positionBiasedInput) {
            String positions = parts.gather(
                    "/embeddings/position",
                    parts.weight(e + "position_embeddings.weight", maxPositions, embedding),
                    parts.unsqueeze("/embeddings/position_ids", parts.positions(), 0));
            sum = parts.add("/embeddings/add_positions", sum, positions);
        }
        if (typeVocabulary > 0) {
            String types = parts.gather(
                    "/embeddings/token_type",
                    parts.weight(e + "token_type_embeddings.weight", typeVocabulary, embedding),
                    GraphParts.TOKEN_TYPE_IDS);
            sum = parts.add("/embeddings/add_types", sum, types);
        }
        if (embedding != hidden) {
            sum = parts.linear(e + "embed_proj", sum, embedding, hidden, false);
        }
        String normalized = parts.layerNorm(e + "LayerNorm", sum, hidden, layerNormEps, true);
        String mask = parts.cast(
                "/embeddings/mask",
                parts.unsqueeze("/embeddings/mask_unsqueeze", GraphParts.ATTENTION_MASK, 2),
                DataType.FLOAT);
        return parts.mul("/embeddings/masked", normalized, mask);
    }

    @Override
    LayerNames names(int layer) {
        return LayerNames.bert(PREFIX + "encoder.layer." + layer + ".", "query_proj", "key_proj", "value_proj");
    }

    @Override
    String scores(GraphParts parts, int layer, String name, String query, String keys) throws ModelLoadException {
        String content = parts.matMul(name + "/scores", query, keys);
        String scores = content;
        if (relativeAttention && (contentToPosition || positionToContent)) {
            String index = parts.node("Expand", name + "/relative_index", new String[] {
                relativeIndex(parts), parts.node("Shape", name + "/scores_shape", new String[] {content})
            });
            String self = PREFIX + "encoder.layer." + layer + ".attention.self.";
            if (contentToPosition) {
                String keyProjection = shareAttentionKey ? self + "key_proj" : self + "pos_key_proj";
                String relativeKeys = parts.transpose(
                        name + "/relative_keys",
                        parts.reshape(
                                name + "/relative_keys_heads",
                                relativeProjection(parts, keyProjection, name + "/relative_key"),
                                -1,
                                heads,
                                headSize),
                        1,
                        2,
                        0);
                String byDistance = parts.matMul(name + "/content_to_position", query, relativeKeys);
                scores = parts.add(
                        name + "/add_c2p",
                        scores,
                        parts.node(
                                "GatherElements",
                                name + "/c2p",
                                new String[] {byDistance, index},
                                intAttribute("axis", 3)));
            }
            if (positionToContent) {
                String queryProjection = shareAttentionKey ? self + "query_proj" : self + "pos_query_proj";
                String relativeQueries = parts.transpose(
                        name + "/relative_queries",
                        parts.reshape(
                                name + "/relative_queries_heads",
                                relativeProjection(parts, queryProjection, name + "/relative_query"),
                                -1,
                                heads,
                                headSize),
                        1,
                        0,
                        2);
                String byDistance = parts.matMul(name + "/position_to_content", relativeQueries, keys);
                scores = parts.add(
                        name + "/add_p2c",
                        scores,
                        parts.node(
                                "GatherElements",
                                name + "/p2c",
                                new String[] {byDistance, index},
                                intAttribute("axis", 2)));
            }
        }
        return parts.divide(name + "/scaled", scores, scale);
    }

    /** A projection of the relative embeddings, {@code [2·span, hidden]}; ONNX Runtime folds it into a constant. */
    private String relativeProjection(GraphParts parts, String projection, String name) throws ModelLoadException {
        return parts.linear(projection, name, relativeEmbeddings(parts), hidden, hidden, true);
    }

    /** The relative embeddings, normalized by the encoder's LayerNorm where {@code norm_rel_ebd} says so. */
    private String relativeEmbeddings(GraphParts parts) throws ModelLoadException {
        if (relativeEmbeddings == null) {
            String table = parts.weight(PREFIX + "encoder.rel_embeddings.weight", 2L * span(), hidden);
            relativeEmbeddings = normalizeRelativeEmbeddings
                    ? parts.layerNorm(PREFIX + "encoder.LayerNorm", table, hidden, layerNormEps, true)
                    : table;
        }
        return relativeEmbeddings;
    }

    /**
     * The bucket index of every query and key, {@code [L, L]} int64: {@code clamp(bucket(i - j) + span, 0,
     * 2·span - 1)}, looked up in a table over distances {@code -P … P} (the index saturates beyond).
     */
    private String relativeIndex(GraphParts parts) {
        if (relativeIndex == null) {
            int range = maxRelativePositions;
            long[] table = new long[2 * range + 1];
            for (int distance = -range; distance <= range; distance++) {
                table[distance + range] = Math.max(0, Math.min(2L * span() - 1, bucket(distance) + span()));
            }
            String positions = parts.positions();
            String distances = parts.node("Sub", "/relative/distances", new String[] {
                parts.unsqueeze("/relative/queries", positions, 1), parts.unsqueeze("/relative/keys", positions, 0)
            });
            String clipped = parts.node("Max", "/relative/clip_low", new String[] {
                parts.node("Min", "/relative/clip_high", new String[] {
                    distances, parts.constantLongs("/relative/range", range)
                }),
                parts.constantLongs("/relative/negative_range", -range)
            });
            relativeIndex = parts.gather(
                    "/relative/index",
                    parts.int64("/relative/table", table, table.length),
                    parts.add("/relative/shifted", clipped, parts.constantLongs("/relative/offset", range)));
        }
        return relativeIndex;
    }

    /** transformers' {@code make_log_bucket_position}, in float32 as torch evaluates it. */
    private long bucket(int distance) {
        if (positionBuckets <= 0 || maxRelativePositions <= 0) {
            return distance;
        }
        int mid = positionBuckets / 2;
        int absolute = distance < mid && distance > -mid ? mid - 1 : Math.abs(distance);
        if (absolute <= mid) {
            return distance;
        }
        float ratio = (float) Math.log((float) absolute / mid);
        float base = (float) Math.log((float) ((maxRelativePositions - 1) / (double) mid));
        float position = (float) Math.ceil(ratio / base * (mid - 1)) + mid;
        return (long) (position * Math.signum(distance));
    }

    private static List<String> lowercaseList(ConfigFields config, String key) {
        List<String> values = new ArrayList<>();
        var node = config.node(key);
        if (node.isTextual()) {
            for (String part : node.asText().toLowerCase(java.util.Locale.ROOT).split("\\|")) {
                values.add(part.strip());
            }
        } else {
            node.forEach(part -> values.add(part.asText().strip().toLowerCase(java.util.Locale.ROOT)));
        }
        return values;
    }
}
