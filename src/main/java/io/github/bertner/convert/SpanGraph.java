package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.bertner.ModelLoadException;
import io.github.bertner.model.SpanModelConfig;

/**
 * GLiNER's uni-encoder span model ({@code span_mode} {@code markerV0}) as one graph, with the inputs and output of
 * GLiNER's own {@code export_to_onnx}, so that a converted checkpoint and an export run alike: {@code input_ids},
 * {@code attention_mask} and {@code words_mask} ({@code [batch, sequence]} int64), {@code text_lengths}
 * ({@code [batch, 1]} int64), {@code span_idx} ({@code [batch, words · max_width, 2]} int64) and {@code span_mask}
 * ({@code [batch, words · max_width]} bool) to {@code logits} ({@code [batch, words, max_width, types]}). The spans
 * are GLiNER's, span {@code i · max_width + w} running from word {@code i} to word {@code i + w}: the graph reads
 * their number from {@code span_idx}'s shape and their ends from that order, not from its values.
 *
 * <p>The encoder's last hidden states, projected to GLiNER's width where they differ, give each word the vector of
 * its first sub-token ({@code words_mask} holds 1-based word numbers there) and each entity type the vector of its
 * marker token (or of the token after it); a bidirectional LSTM runs over each text's words; a span is
 * {@code out_project(relu([start(word i) ; end(word j)]))}; a logit is a span's product with a type's
 * {@code prompt_rep_layer} vector. Picking vectors is done by products with one-hot matrices built in the graph.
 */
final class SpanGraph {
    static final String WORDS_MASK = "words_mask";
    static final String TEXT_LENGTHS = "text_lengths";
    static final String SPAN_IDX = "span_idx";
    static final String SPAN_MASK = "span_mask";
    /** Where GLiNER's checkpoints hold the encoder's weights. */
    static final String ENCODER_KEYS = "token_rep_layer.bert_layer.model.";
    /** Where GLiNER's checkpoints hold the span head's weights. */
    private static final String SPAN_HEAD = "span_rep_layer.span_rep_layer.";

    private final SpanModelConfig config;
    private final Architecture encoder;
    private final int classToken;

    /**
     * @param config the GLiNER config
     * @param encoder the encoder, as its config describes it
     * @param classToken the token id of the entity marker
     */
    SpanGraph(SpanModelConfig config, Architecture encoder, int classToken) {
        this.config = config;
        this.encoder = encoder;
        this.classToken = classToken;
    }

    /** Builds the whole graph. */
    ModelProto build(OnnxGraphBuilder graph, Weights weights, String producerVersion) throws ModelLoadException {
        for (String input : encoder.inputs()) {
            graph.input(input, DataType.INT64, "batch_size", "sequence_length");
        }
        graph.input(WORDS_MASK, DataType.INT64, "batch_size", "sequence_length");
        graph.input(TEXT_LENGTHS, DataType.INT64, "batch_size", "value");
        graph.input(SPAN_IDX, DataType.INT64, "batch_size", "num_spans", "idx");
        graph.input(SPAN_MASK, DataType.BOOL, "batch_size", "num_spans");
        GraphParts parts = new GraphParts(graph, weights);
        String tokens = projected(parts, encoder.hiddenStates(parts));
        String words = words(parts, tokens);
        for (int layer = 0; layer < config.rnnLayers(); layer++) {
            words = lstm(parts, layer, words);
        }
        WordProducts products = wordProducts(parts, words);
        String types =
                projection(parts, "prompt_rep_layer", typeVectors(parts, tokens), config.hidden(), config.hidden());
        graph.node("Identity", "logits", new String[] {masked(parts, scores(parts, products, types))});
        graph.output("logits", DataType.FLOAT, "batch_size", "num_words", "max_width", "num_classes");
        return graph.model(producerVersion);
    }

    /** The encoder's hidden states in GLiNER's width: through {@code token_rep_layer.projection} where they differ. */
    private String projected(GraphParts parts, String hiddenStates) throws ModelLoadException {
        int width = encoder.hiddenSize();
        return width == config.hidden()
                ? hiddenStates
                : parts.linear("token_rep_layer.projection", hiddenStates, width, config.hidden());
    }

    /**
     * Each word's vector, that of its first sub-token, {@code [batch, words, hidden]}; the number of words is that
     * of {@code span_idx} ({@code words · max_width} spans), as in GLiNER.
     */
    private String words(GraphParts parts, String tokens) {
        String spanCount = parts.dimension("/words/spans", SPAN_IDX, 1);
        String wordCount =
                parts.quotient("/words/count", spanCount, parts.constantLongs("/words/max_width", config.maxWidth()));
        return pick(parts, "/words", WORDS_MASK, wordCount, tokens);
    }

    /**
     * Each entity type's vector, {@code [batch, types, hidden]}: that of its marker token (the {@code n}-th marker
     * of a row is type {@code n}), or of the token after it where {@code embed_ent_token} is false.
     */
    private String typeVectors(GraphParts parts, String tokens) {
        String isMarker = parts.cast(
                "/types/is_marker",
                parts.equal("/types/marker", GraphParts.INPUT_IDS, parts.constantLongs("/types/marker_id", classToken)),
                DataType.INT64);
        String ordinal = parts.mul("/types/ordinal", parts.cumulativeSum("/types/count", isMarker), isMarker);
        if (!config.embedEntityToken()) {
            ordinal = parts.shiftRight("/types/after_marker", ordinal);
        }
        return pick(parts, "/types", ordinal, parts.largest("/types/number", ordinal), tokens);
    }

    /**
     * Rows of {@code tokens} picked by number: output row {@code n} ({@code 1 … count}) of a batch row is the sum of
     * the token vectors where {@code numbers} holds {@code n + 1}, zero where it holds none.
     */
    private static String pick(GraphParts parts, String name, String numbers, String count, String tokens) {
        String one = parts.constantLongs(name + "/one", 1);
        String wanted = parts.reshape(
                name + "/wanted", parts.range(name + "/range", one, parts.add(name + "/last", count, one)), 1, -1, 1);
        String oneHot = parts.cast(
                name + "/one_hot",
                parts.equal(name + "/match", parts.unsqueeze(name + "/numbers", numbers, 1), wanted),
                DataType.FLOAT);
        return parts.matMul(name + "/picked", oneHot, tokens);
    }

    /**
     * One layer of GLiNER's bidirectional LSTM over each text's words ({@code text_lengths} of them; zeros after):
     * torch's gate rows {@code i, f, g, o} reordered to ONNX's {@code i, o, f, c}, both biases in {@code B}.
     */
    private String lstm(GraphParts parts, int layer, String words) throws ModelLoadException {
        int input = layer == 0 ? config.hidden() : 2 * (config.hidden() / 2);
        int hidden = config.hidden() / 2;
        String name = "/rnn/layer" + layer;
        String key = "rnn.lstm.";
        String suffix = "_l" + layer;
        Weights weights = parts.weights();
        float[] w = directions(
                weights.take(key + "weight_ih" + suffix, 4L * hidden, input),
                weights.take(key + "weight_ih" + suffix + "_reverse", 4L * hidden, input),
                hidden,
                input);
        float[] r = directions(
                weights.take(key + "weight_hh" + suffix, 4L * hidden, hidden),
                weights.take(key + "weight_hh" + suffix + "_reverse", 4L * hidden, hidden),
                hidden,
                hidden);
        float[] b = concat(
                concat(
                        onnxGates(weights.take(key + "bias_ih" + suffix, 4L * hidden), hidden, 1),
                        onnxGates(weights.take(key + "bias_hh" + suffix, 4L * hidden), hidden, 1)),
                concat(
                        onnxGates(weights.take(key + "bias_ih" + suffix + "_reverse", 4L * hidden), hidden, 1),
                        onnxGates(weights.take(key + "bias_hh" + suffix + "_reverse", 4L * hidden), hidden, 1)));
        String lengths =
                parts.cast(name + "/lengths", parts.reshape(name + "/lengths_flat", TEXT_LENGTHS, -1), DataType.INT32);
        String sequenceFirst = parts.transpose(name + "/sequence_first", words, 1, 0, 2);
        String output = parts.bidirectionalLstm(
                name,
                sequenceFirst,
                parts.constant(key + "W" + suffix, w, 2, 4L * hidden, input),
                parts.constant(key + "R" + suffix, r, 2, 4L * hidden, hidden),
                parts.constant(key + "B" + suffix, b, 2, 8L * hidden),
                lengths,
                hidden);
        return parts.reshape(name + "/joined", parts.transpose(name + "/batch_first", output, 2, 0, 1, 3), 0, 0, -1);
    }

    /** Both directions' matrices, each with its gate blocks in ONNX's order. */
    private static float[] directions(float[] forward, float[] reverse, int hidden, int columns) {
        return concat(onnxGates(forward, hidden, columns), onnxGates(reverse, hidden, columns));
    }

    /** Torch's gate blocks {@code i, f, g, o} (rows of {@code columns} values) in ONNX's order {@code i, o, f, c}. */
    private static float[] onnxGates(float[] torch, int hidden, int columns) {
        int block = hidden * columns;
        float[] onnx = new float[torch.length];
        int[] from = {0, 3, 1, 2};
        for (int gate = 0; gate < 4; gate++) {
            System.arraycopy(torch, from[gate] * block, onnx, gate * block, block);
        }
        return onnx;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] all = new float[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /**
     * The two halves of the first {@code Linear} of GLiNER's {@code SpanMarkerV0} {@code out_project}, for each word,
     * {@code [batch, words, 4·hidden]} each. That layer reads {@code relu([start(i) ; end(j)])}, which is
     * {@code relu(start(i))·Wₛᵀ + relu(end(j))·Wₑᵀ + b} for the two halves of the weight's columns: both products
     * (the first with the bias added) are taken once per word, not once per span (a twelfth of the work at
     * {@code max_width} 12).
     */
    private WordProducts wordProducts(GraphParts parts, String words) throws ModelLoadException {
        int hidden = config.hidden();
        String start = parts.activation(
                "/" + SPAN_HEAD + "start/relu",
                Activation.RELU,
                projection(parts, SPAN_HEAD + "project_start", words, hidden, hidden));
        String end = parts.activation(
                "/" + SPAN_HEAD + "end/relu",
                Activation.RELU,
                projection(parts, SPAN_HEAD + "project_end", words, hidden, hidden));
        String first = SPAN_HEAD + "out_project.0";
        float[] weight = parts.weights().take(first + ".weight", 4L * hidden, 2L * hidden);
        String byStart = parts.add(
                "/" + first + "/start/Add",
                parts.weight(first + ".bias", 4L * hidden),
                parts.matMul(
                        "/" + first + "/start/MatMul",
                        start,
                        parts.constant(
                                first + ".weight_start",
                                columns(weight, 4 * hidden, 2 * hidden, 0, hidden),
                                hidden,
                                4L * hidden)));
        String byEnd = parts.matMul(
                "/" + first + "/end/MatMul",
                end,
                parts.constant(
                        first + ".weight_end",
                        columns(weight, 4 * hidden, 2 * hidden, hidden, hidden),
                        hidden,
                        4L * hidden));
        return new WordProducts(byStart, byEnd);
    }

    /**
     * A word's two products with {@code out_project}'s first weight: as the start of a span (the bias added) and as
     * its end, {@code [batch, words, 4·hidden]} each.
     */
    private record WordProducts(String byStart, String byEnd) {}

    /**
     * The logits, {@code [batch, words, max_width, types]}: each span's product with each type's vector, where a span
     * is {@code out_project}'s last {@code Linear} of its inner vector {@code x = relu(byStart(i) + byEnd(i + w))}:
     * {@code (x·Wᵀ + b)·t}, taken as {@code x·(Wᵀ·t) + b·t}. The types' vectors go through the weight (a few types
     * per text) instead of every span ({@code words × max_width} of them, a 4·hidden by hidden product each): the
     * same sums in another order, and at width 512 with 3 types a 170th of the work that was a seventh of an int8
     * run's time.
     */
    private String scores(GraphParts parts, WordProducts products, String types) throws ModelLoadException {
        int hidden = config.hidden();
        String last = SPAN_HEAD + "out_project.3";
        String name = "/" + last;
        String weight = parts.weight(last + ".weight", hidden, 4L * hidden);
        String typesThroughWeight = parts.matMul(name + "/types_by_weight", types, weight);
        String byType = parts.transpose(name + "/types_by_weight_transpose", typesThroughWeight, 0, 2, 1);
        String scores = productsByWidth(parts, products, byType);
        String biasByType = parts.matMul(name + "/types_by_bias", types, parts.weight(last + ".bias", hidden));
        return parts.add(
                name + "/scores_bias", scores, parts.unsqueeze(name + "/types_by_bias_unsqueeze", biasByType, 1, 2));
    }

    /**
     * {@code x·(Wᵀ·t)} of every span, {@code [batch, words, max_width, types]}, made one width at a time: the end
     * products shifted by the width, added to the start products, the ReLU, the product with the types. Each step's
     * tensor is {@code [batch, words, 4·hidden]}, small enough to stay in the processor's cache, where all
     * {@code words × max_width} inner vectors at once took three times as long to make.
     *
     * @param typesThroughWeight {@code Wᵀ·t} of each type, {@code [batch, 4·hidden, types]}
     */
    private String productsByWidth(GraphParts parts, WordProducts products, String typesThroughWeight) {
        String ends = parts.zeroRowsAfter("/spans/ends", products.byEnd(), config.maxWidth() - 1L);
        String wordCount = parts.dimension("/spans/word_count", products.byStart(), 1);
        String[] byWidth = new String[config.maxWidth()];
        for (int width = 0; width < config.maxWidth(); width++) {
            String prefix = "/spans/width" + width;
            String shiftedEnds = parts.slice(
                    prefix + "/ends",
                    ends,
                    parts.constantLongs(prefix + "/first_end", width),
                    parts.add(prefix + "/past_end", wordCount, parts.constantLongs(prefix + "/width", width)),
                    1);
            String inner = parts.activation(
                    prefix + "/relu", Activation.RELU, parts.add(prefix + "/sum", products.byStart(), shiftedEnds));
            byWidth[width] = parts.unsqueeze(
                    prefix + "/scores", parts.matMul(prefix + "/product", inner, typesThroughWeight), 2);
        }
        return parts.concat("/spans/scores", 2, byWidth);
    }

    /**
     * The logits of the spans {@code span_mask} masks, {@code [batch, words, max_width, types]}, replaced by those of
     * the span of width 1 at word 0, as GLiNER gives them (it reads such spans at word 0).
     */
    private String masked(GraphParts parts, String logits) {
        String mask = parts.reshape("/spans/mask", SPAN_MASK, 0, -1, config.maxWidth(), 1);
        String first = parts.slice("/spans/first_span", parts.slice("/spans/first_word", logits, 0, 1, 1), 0, 1, 2);
        return parts.where("/spans/masked", mask, logits, first);
    }

    /**
     * Columns {@code from … from+count-1} of a {@code Linear} weight stored {@code [rows, columns]}, transposed to
     * {@code [count, rows]} as MatMul takes it.
     */
    private static float[] columns(float[] weight, int rows, int columns, int from, int count) {
        float[] picked = new float[count * rows];
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < count; column++) {
                picked[column * rows + row] = weight[row * columns + from + column];
            }
        }
        return picked;
    }

    /** GLiNER's projection layer: {@code Linear(in, 4·out) → ReLU → Linear(4·out, out)} (at {@code .0} and {@code .3}). */
    private static String projection(GraphParts parts, String prefix, String input, int in, int out)
            throws ModelLoadException {
        String inner = parts.activation(
                "/" + prefix + "/relu", Activation.RELU, parts.linear(prefix + ".0", input, in, 4 * out));
        return parts.linear(prefix + ".3", inner, 4 * out, out);
    }
}
