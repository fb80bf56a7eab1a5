package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    private Relative relative;
    private String relativeIndex;

    DebertaV2(ConfigFields config, String className) throws ModelLoadException {
        super(
                config,
                className,
                config.positive("vocab_size", 128100),
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
        this.embedding = config.positive("embedding_size", hidden);
        this.maxPositions = config.positive("max_position_embeddings", 512);
        this.typeVocabulary = config.integer("type_vocab_size", 0);
        this.positionBiasedInput = config.flag("position_biased_input", true);
        this.relativeAttention = config.flag("relative_attention", false);
        this.shareAttentionKey = config.flag("share_att_key", false);
        List<String> types = lowercaseList(config, "pos_att_type");
        this.contentToPosition = types.contains("c2p");
        this.positionToContent = types.contains("p2c");
        this.normalizeRelativeEmbeddings = lowercaseList(config, "norm_rel_ebd").contains("layer_norm");
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

    /** The relative embedding table's rows: twice the buckets, or twice the largest distance. */
    private int span() {
        return positionBuckets > 0 ? positionBuckets : maxRelativePositions;
    }

    @Override
    String embeddings(GraphParts parts) throws ModelLoadException {
        String e = PREFIX + "embeddings.";
        String sum = wordEmbeddings(parts, e + "word_embeddings.weight", embedding);
        if (positionBiasedInput) {
            String positions =
                    parts.absolutePositions(parts.weight(e + "position_embeddings.weight", maxPositions, embedding));
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
        String mask = parts.unsqueeze("/embeddings/mask", parts.realTokens(), 2);
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
            Relative relative = relative(parts);
            String index = relativeIndex(parts, relative, content);
            String self = PREFIX + "encoder.layer." + layer + ".attention.self.";
            if (contentToPosition) {
                String projection = self + (shareAttentionKey ? "key_proj" : "pos_key_proj");
                scores = addRelative(parts, scores, relative, index, name + "/c2p", projection, query, true);
            }
            if (positionToContent) {
                String projection = self + (shareAttentionKey ? "query_proj" : "pos_query_proj");
                scores = addRelative(parts, scores, relative, index, name + "/p2c", projection, keys, false);
            }
        }
        return parts.divide(name + "/scaled", scores, scale);
    }

    /**
     * Adds a disentangled term to the scores: content to position ({@code Q·Krᵀ}, read at column
     * {@code index(i, j)}) or position to content ({@code Qr·Kᵀ}, read at row {@code index(i, j)}).
     *
     * @param content the queries {@code [batch, heads, L, d]} (content to position) or the transposed keys
     *     {@code [batch, heads, d, L]} (position to content)
     */
    private String addRelative(
            GraphParts parts,
            String scores,
            Relative relative,
            String index,
            String name,
            String projection,
            String content,
            boolean toPosition)
            throws ModelLoadException {
        String byDistance = toPosition
                ? parts.matMul(name + "/product", content, relativeHeads(parts, relative, projection, name, 2, 1, 2, 0))
                : parts.matMul(
                        name + "/product", relativeHeads(parts, relative, projection, name, 1, 1, 0, 2), content);
        String term = parts.gatherElements(name + "/by_distance", byDistance, index, toPosition ? 3 : 2);
        return parts.add(name + "/added", scores, term);
    }

    /**
     * A layer's projection of the relative embeddings by head, permuted for its product ({@code [h, d, rows]} for
     * keys, {@code [h, rows, d]} for queries), and cut to the rows this sequence length reaches: a sentence of
     * {@code L} sub-words reads at most {@code 2L - 1} of the {@code 2·span} rows, so the product does no more work
     * than the sentence needs. ONNX Runtime folds the projection itself into a constant.
     */
    private String relativeHeads(
            GraphParts parts, Relative relative, String projection, String name, long rowAxis, long... permutation)
            throws ModelLoadException {
        String projected = parts.linear(projection, name, relativeEmbeddings(parts), hidden, hidden, true);
        String byHead = parts.transpose(
                name + "/heads", parts.reshape(name + "/split", projected, -1, heads, headSize), permutation);
        return parts.slice(name + "/reached", byHead, relative.start(), relative.end(), rowAxis);
    }

    /**
     * The relative positions' index expanded to the scores' shape {@code [batch, heads, L, L]}, as the gathers of
     * every layer read it: made once, for the first layer.
     */
    private String relativeIndex(GraphParts parts, Relative relative, String scores) {
        if (relativeIndex == null) {
            relativeIndex = parts.expandLike("/encoder/relative_index", relative.index(), scores);
        }
        return relativeIndex;
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
     * The relative positions of a sequence.
     *
     * @param index for every query and key, the row of the relative tables to read, counted from {@code start}
     *     ({@code [L, L]} int64)
     * @param start the first row the sequence reaches ({@code [1]})
     * @param end the row after the last one it reaches ({@code [1]})
     */
    private record Relative(String index, String start, String end) {}

    /**
     * The bucket index of every query and key, {@code clamp(bucket(i - j) + span, 0, 2·span - 1)}, looked up in a
     * table over distances {@code -P … P} (the index saturates beyond); the bucket grows with the distance, so the
     * rows reached lie between those of distances {@code -(L-1)} and {@code L-1}.
     */
    private Relative relative(GraphParts parts) {
        if (relative == null) {
            int range = maxRelativePositions;
            long[] buckets = new long[2 * range + 1];
            for (int distance = -range; distance <= range; distance++) {
                buckets[distance + range] = Math.max(0, Math.min(2L * span() - 1, bucket(distance) + span()));
            }
            String table = parts.int64("/relative/table", buckets, buckets.length);
            String offset = parts.constantLongs("/relative/offset", range);
            String clipped = parts.clip("/relative/clipped", parts.distances(), -range, range);
            String index = parts.gather("/relative/index", table, parts.add("/relative/shifted", clipped, offset));
            String farthest = parts.atMost(
                    "/relative/farthest",
                    parts.sub("/relative/last", parts.sequenceLength(), parts.constantLongs("/relative/one", 1)),
                    range);
            String start =
                    parts.gather("/relative/start", table, parts.sub("/relative/start_distance", offset, farthest));
            String end = parts.add(
                    "/relative/end",
                    parts.gather("/relative/end_row", table, parts.add("/relative/end_distance", offset, farthest)),
                    parts.constantLongs("/relative/past", 1));
            relative = new Relative(parts.sub("/relative/index_reached", index, start), start, end);
        }
        return relative;
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

    /** A {@code |}-separated string (or a list) of names, lowercased and stripped, as transformers reads them. */
    private static List<String> lowercaseList(ConfigFields config, String key) {
        List<String> values = new ArrayList<>();
        var node = config.node(key);
        if (node.isTextual()) {
            for (String part : node.asText().toLowerCase(Locale.ROOT).split("\\|")) {
                values.add(part.strip());
            }
        } else {
            node.forEach(part -> values.add(part.asText().strip().toLowerCase(Locale.ROOT)));
        }
        return values;
    }
}
