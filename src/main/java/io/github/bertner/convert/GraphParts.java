package io.github.bertner.convert;

import static io.github.bertner.convert.OnnxGraphBuilder.intAttribute;
import static io.github.bertner.convert.OnnxGraphBuilder.intsAttribute;
import static io.github.bertner.convert.OnnxGraphBuilder.stringAttribute;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.bertner.ModelLoadException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The parts every token-classification graph is made of (linear layers, layer norms, activations, multi-head
 * attention, the padding mask), and the only place that spells ONNX operators. The operators are those of the
 * PyTorch exporter (LayerNorm and GELU spelled out), so that ONNX Runtime fuses them as it fuses an exported graph.
 * Weights come from the checkpoint, checked against the shapes the config implies.
 */
final class GraphParts {
    /** The graph's token ids, {@code [batch, sequence]} int64. */
    static final String INPUT_IDS = "input_ids";
    /**
     * The graph's attention mask, {@code [batch, sequence]} int64: 1 for real tokens and 0 for padding, as
     * transformers has it, or in a row that packs several sequences, each sequence's number ({@code 1, 2, …}). A
     * position attends only to the positions of its own sequence, and counts its position from that sequence's
     * start, so that a packed sequence gets the logits it gets alone.
     */
    static final String ATTENTION_MASK = "attention_mask";
    /** The graph's token type ids, {@code [batch, sequence]} int64. */
    static final String TOKEN_TYPE_IDS = "token_type_ids";

    /** The additive attention mask for padding, as the exported graphs use it. */
    static final float MASKED = -10000f;

    /** ONNX Runtime's domain of contributed operators ({@code Gelu}). */
    static final String CONTRIB_DOMAIN = "com.microsoft";

    private static final float SQRT_2 = (float) Math.sqrt(2);
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private final OnnxGraphBuilder graph;
    private final Weights weights;
    private final TrainingInputs training;
    private final Map<String, String> initializers = new HashMap<>();
    private String sequenceLength;
    private String positions;
    private String distances;
    private String sameSequence;
    private String sequencePositions;
    private String realTokens;

    /** The parts of an inference graph: weights are initializers, and there is no dropout. */
    GraphParts(OnnxGraphBuilder graph, Weights weights) {
        this(graph, weights, null);
    }

    /** The parts of a training graph: weights are graph inputs, and dropout sites take masks (null: inference). */
    GraphParts(OnnxGraphBuilder graph, Weights weights, TrainingInputs training) {
        this.graph = graph;
        this.weights = weights;
        this.training = training;
    }

    /** Whether the graph is built for training. */
    boolean training() {
        return training != null;
    }

    /** Dropout at a site in training; the input itself in inference. */
    String dropout(DropoutRates.Site site, String name, String x, int width) {
        return training == null ? x : training.dropout(graph, site, name, x, width);
    }

    Weights weights() {
        return weights;
    }

    String add(String name, String a, String b) {
        return graph.node("Add", name, new String[] {a, b});
    }

    String sub(String name, String a, String b) {
        return graph.node("Sub", name, new String[] {a, b});
    }

    String neg(String name, String x) {
        return graph.node("Neg", name, new String[] {x});
    }

    /** {@code min(max(x, low), high)} of int64 values. */
    String clip(String name, String x, long low, long high) {
        String below = graph.node("Min", name + "/high", new String[] {x, constantLongs(name + "/high_value", high)});
        return graph.node("Max", name + "/low", new String[] {below, constantLongs(name + "/low_value", low)});
    }

    /** {@code min(x, limit)} of int64 values. */
    String atMost(String name, String x, long limit) {
        return graph.node("Min", name, new String[] {x, constantLongs(name + "/limit", limit)});
    }

    /** {@code where(|x| > limit, masked, 0)}: an additive mask of the int64 values farther than {@code limit}. */
    String beyond(String name, String x, long limit, float masked) {
        String distance = graph.node("Abs", name + "/abs", new String[] {x});
        String outside = graph.node(
                "Greater", name + "/outside", new String[] {distance, constantLongs(name + "/limit", limit)});
        return where(name, outside, scalar(name + "/masked", masked), scalar(name + "/open", 0f));
    }

    /** 1 where {@code ids != value}, else 0, as the given type. */
    String notEqual(String name, String ids, long value, DataType type) {
        String equal = equal(name + "/equal", ids, constantLongs(name + "/value", value));
        return cast(name, graph.node("Not", name + "/not", new String[] {equal}), type);
    }

    /** {@code a == b}, elementwise, as bool. */
    String equal(String name, String a, String b) {
        return graph.node("Equal", name, new String[] {a, b});
    }

    /** The largest element of the whole tensor, as a 1-element tensor. */
    String largest(String name, String x) {
        return reshape(name + "/flat", graph.node("ReduceMax", name, new String[] {x}, intAttribute("keepdims", 0)), 1);
    }

    /** The size of one axis of a tensor, as a 1-element int64 tensor. */
    String dimension(String name, String x, long axis) {
        String shape = graph.node("Shape", name + "/shape", new String[] {x});
        return graph.node(
                "Gather", name, new String[] {shape, constantLongs(name + "/axis", axis)}, intAttribute("axis", 0));
    }

    /** {@code from … to-1} as a 1-D int64 tensor, the bounds 1-element int64 tensors. */
    String range(String name, String from, String to) {
        return graph.node("Range", name, new String[] {from, to, constantLongs(name + "/step", 1)});
    }

    /** {@code a / b} of int64 tensors, rounded down. */
    String quotient(String name, String a, String b) {
        return graph.node("Div", name, new String[] {a, b});
    }

    /** A {@code [batch, rows, width]} tensor with {@code rows} more rows of zeros after its own. */
    String zeroRowsAfter(String name, String x, long rows) {
        return graph.node("Pad", name, new String[] {x, constantLongs(name + "/pads", 0, 0, 0, 0, rows, 0)});
    }

    /** The tensor shifted one step along axis 1, a zero coming in at the start and the last element dropped. */
    String shiftRight(String name, String x) {
        return graph.node("Pad", name, new String[] {x, constantLongs(name + "/pads", 0, 1, 0, -1)});
    }

    /**
     * A bidirectional LSTM, as ONNX's {@code LSTM} runs it: {@code x} {@code [sequence, batch, input]} with each batch
     * row's length in {@code lengths} ({@code [batch]} int32), weights in ONNX's gate order; gives
     * {@code [sequence, 2, batch, hidden]}.
     */
    String bidirectionalLstm(
            String name, String x, String input, String recurrence, String bias, String lengths, int hidden) {
        return graph.node(
                "LSTM",
                name,
                new String[] {x, input, recurrence, bias, lengths},
                intAttribute("hidden_size", hidden),
                stringAttribute("direction", "bidirectional"));
    }

    /** The running sum along the sequence axis. */
    String cumulativeSum(String name, String x) {
        return graph.node("CumSum", name, new String[] {x, int64(name + "/axis", new long[] {1})});
    }

    /** {@code x} broadcast to the shape of {@code like}. */
    String expandLike(String name, String x, String like) {
        return graph.node("Expand", name, new String[] {x, graph.node("Shape", name + "/shape", new String[] {like})});
    }

    /** {@code data} read along {@code axis} at {@code index}, which has the output's shape. */
    String gatherElements(String name, String data, String index, long axis) {
        return graph.node("GatherElements", name, new String[] {data, index}, intAttribute("axis", axis));
    }

    /** Elements {@code [start, end)} of an axis, the bounds computed in the graph ({@code [1]} int64 each). */
    String slice(String name, String input, String start, String end, long axis) {
        return graph.node("Slice", name, new String[] {input, start, end, constantLongs(name + "/axis", axis)});
    }

    String mul(String name, String a, String b) {
        return graph.node("Mul", name, new String[] {a, b});
    }

    String matMul(String name, String a, String b) {
        return graph.node("MatMul", name, new String[] {a, b});
    }

    String transpose(String name, String input, long... permutation) {
        return graph.node("Transpose", name, new String[] {input}, intsAttribute("perm", permutation));
    }

    String reshape(String name, String input, long... shape) {
        return graph.node("Reshape", name, new String[] {input, graph.longs(name + "/shape", shape, shape.length)});
    }

    String unsqueeze(String name, String input, long... axes) {
        return graph.node("Unsqueeze", name, new String[] {input, constantLongs(name + "/axes", axes)});
    }

    String cast(String name, String input, DataType to) {
        return graph.node("Cast", name, new String[] {input}, intAttribute("to", to.getNumber()));
    }

    private String softmax(String name, String input) {
        return graph.node("Softmax", name, new String[] {input}, intAttribute("axis", -1));
    }

    /** Splits the last axis into equal halves. */
    String[] halves(String name, String input, int width) {
        return new String[] {
            slice(name + "/first_half", input, 0, width / 2), slice(name + "/second_half", input, width / 2, width)
        };
    }

    /** Elements {@code [from, to)} of the last axis. */
    String slice(String name, String input, long from, long to) {
        return slice(name, input, from, to, -1);
    }

    /** Elements {@code [from, to)} of an axis. */
    String slice(String name, String input, long from, long to, long axis) {
        return graph.node("Slice", name, new String[] {
            input,
            constantLongs(name + "/starts", from),
            constantLongs(name + "/ends", to),
            constantLongs(name + "/axes", axis)
        });
    }

    /** {@code condition ? a : b}, elementwise, broadcasting. */
    String where(String name, String condition, String a, String b) {
        return graph.node("Where", name, new String[] {condition, a, b});
    }

    String concat(String name, long axis, String... inputs) {
        return graph.node("Concat", name, inputs, intAttribute("axis", axis));
    }

    /** A float32 scalar constant. */
    String scalar(String name, float value) {
        return graph.floats(name, new float[] {value});
    }

    /** A 1-D int64 constant. */
    String constantLongs(String name, long... values) {
        return graph.longs(name, values, values.length);
    }

    /** A float32 constant of the given shape. */
    String constant(String name, float[] values, long... shape) {
        return graph.floats(name, values, shape);
    }

    /** An int64 constant of the given shape. */
    String int64(String name, long[] values, long... shape) {
        return graph.longs(name, values, shape);
    }

    /**
     * A checkpoint tensor as an initializer of the same name, checked against the shape the config implies; a tensor
     * that two parts use is added once.
     */
    String weight(String key, long... shape) throws ModelLoadException {
        return weight(key, false, shape);
    }

    private String weight(String key, boolean normalization, long... shape) throws ModelLoadException {
        if (initializers.containsKey(key)) {
            return initializers.get(key);
        }
        if (training != null) {
            float[] values = training.replacement(key).orElse(null);
            initializers.put(
                    key,
                    training.parameter(
                            graph,
                            key,
                            values != null ? values : weights.take(key, shape),
                            shape,
                            false,
                            normalization));
            return key;
        }
        CheckpointTensor tensor = weights.tensor(key, shape);
        try {
            initializers.put(key, graph.floats(key, tensor, shape));
        } catch (IOException e) {
            throw ModelLoadException.of(weights.fileOf(key), "tensor " + key + " cannot be read", e);
        }
        return key;
    }

    /** The sequence length of the input, a 1-element int64 tensor. */
    String sequenceLength() {
        if (sequenceLength == null) {
            sequenceLength = graph.node(
                    "Gather",
                    "/input/length",
                    new String[] {
                        graph.node("Shape", "/input/shape", new String[] {INPUT_IDS}), constantLongs("/input/one", 1)
                    },
                    intAttribute("axis", 0));
        }
        return sequenceLength;
    }

    /** {@code 0 … L-1} as {@code [L]} int64. */
    String positions() {
        if (positions == null) {
            positions = graph.node("Range", "/input/positions", new String[] {
                constantLongs("/input/range_start", 0), sequenceLength(), constantLongs("/input/range_step", 1)
            });
        }
        return positions;
    }

    /** {@code i - j} for every query {@code i} and key {@code j}, {@code [L, L]} int64. */
    String distances() {
        if (distances == null) {
            distances = sub(
                    "/input/distances",
                    unsqueeze("/input/queries", positions(), 1),
                    unsqueeze("/input/keys", positions(), 0));
        }
        return distances;
    }

    /**
     * Each position's place in its own sequence ({@link #ATTENTION_MASK}), {@code 0 …}, {@code [batch, L]} int64:
     * the number of earlier positions of the same sequence; 0 for padding, so that a row packed wider than the
     * position table still reads it only at its sequences' own positions.
     */
    String sequencePositions() {
        if (sequencePositions == null) {
            String earlier = cast(
                    "/input/earlier/float",
                    graph.node("Greater", "/input/earlier", new String[] {
                        unsqueeze("/input/earlier/queries", positions(), 1),
                        unsqueeze("/input/earlier/keys", positions(), 0)
                    }),
                    DataType.FLOAT);
            String counted = graph.node(
                    "ReduceSum",
                    "/input/sequence_positions/count",
                    new String[] {
                        mul("/input/sequence_positions/earlier", sameSequence(), earlier),
                        constantLongs("/input/sequence_positions/axes", 2)
                    },
                    intAttribute("keepdims", 0));
            sequencePositions = cast(
                    "/input/sequence_positions",
                    mul("/input/sequence_positions/real", counted, realTokens()),
                    DataType.INT64);
        }
        return sequencePositions;
    }

    /** Rows of a table of absolute positions at {@link #sequencePositions}, {@code [batch, sequence, width]}. */
    String absolutePositions(String table) {
        return gather("/embeddings/position", table, sequencePositions());
    }

    /** 1 where the mask is not 0 (a real token), else 0, {@code [batch, sequence]} float. */
    String realTokens() {
        if (realTokens == null) {
            realTokens = notEqual("/input/real", ATTENTION_MASK, 0, DataType.FLOAT);
        }
        return realTokens;
    }

    /** Looks up rows of a table: {@code table[indices]}. */
    String gather(String name, String table, String indices) {
        return graph.node("Gather", name, new String[] {table, indices});
    }

    /**
     * {@code MASKED} where query and key belong to different sequences ({@link #ATTENTION_MASK}), else 0, shaped
     * {@code [batch, 1, L, L]} to broadcast over heads: a real token never attends to padding, nor to another
     * sequence packed into its row.
     */
    String attentionMask() {
        String inverted = sub("/mask/invert", scalar("/mask/one", 1f), sameSequence());
        return unsqueeze("/mask/heads", mul("/mask/additive", inverted, scalar("/mask/value", MASKED)), 1);
    }

    /** 1 where query and key belong to the same sequence, else 0, {@code [batch, L, L]} float. */
    private String sameSequence() {
        if (sameSequence == null) {
            sameSequence = cast(
                    "/mask/same_sequence/float",
                    equal(
                            "/mask/same_sequence",
                            unsqueeze("/mask/queries", ATTENTION_MASK, 2),
                            unsqueeze("/mask/keys", ATTENTION_MASK, 1)),
                    DataType.FLOAT);
        }
        return sameSequence;
    }

    /** {@code x · Wᵀ + b} for a {@code Linear(in, out)} with weight {@code [out, in]} (and bias {@code [out]}). */
    String linear(String prefix, String input, int in, int out) throws ModelLoadException {
        return linear(prefix, input, in, out, true);
    }

    /** {@code x · Wᵀ (+ b)} for a {@code Linear(in, out)}, with or without its bias. */
    String linear(String prefix, String input, int in, int out, boolean bias) throws ModelLoadException {
        return linear(prefix, "/" + prefix, input, in, out, bias);
    }

    /** The same {@code Linear} applied once more, to another input, under another node name; its weights are shared. */
    String linear(String prefix, String name, String input, int in, int out, boolean bias) throws ModelLoadException {
        String key = prefix + ".weight";
        String weight = initializers.get(key);
        if (weight == null) {
            float[] values = training == null ? null : training.replacement(key).orElse(null);
            if (values == null) {
                values = weights.takeLinear(key, out, in);
            }
            weight = training == null
                    ? graph.floats(key, values, in, out)
                    : training.parameter(graph, key, values, new long[] {in, out}, true, false);
            initializers.put(key, weight);
        }
        String product = matMul(name + "/MatMul", input, weight);
        return bias ? add(name + "/Add", weight(prefix + ".bias", out), product) : product;
    }

    /**
     * LayerNorm over the last axis, {@code (x-μ)/√(σ²+eps)·w + b}, spelled out as the PyTorch exporter writes it;
     * without a checkpoint bias (ModernBERT) a zero bias keeps the pattern that ONNX Runtime fuses.
     */
    String layerNorm(String prefix, String input, int width, float eps, boolean bias) throws ModelLoadException {
        String name = "/" + prefix;
        if (training != null && bias) {
            return fusedLayerNorm(prefix, name, input, width, eps);
        }
        String mean = graph.node("ReduceMean", name + "/mean", new String[] {input}, intsAttribute("axes", -1));
        String centered = sub(name + "/centered", input, mean);
        String squared = graph.node("Pow", name + "/squared", new String[] {centered, scalar(name + "/two", 2f)});
        String variance =
                graph.node("ReduceMean", name + "/variance", new String[] {squared}, intsAttribute("axes", -1));
        String deviation = graph.node("Sqrt", name + "/deviation", new String[] {
            add(name + "/variance_eps", variance, scalar(name + "/eps", eps))
        });
        String normalized = graph.node("Div", name + "/normalized", new String[] {centered, deviation});
        String scaled = mul(name + "/scaled", normalized, weight(prefix + ".weight", true, width));
        String shift =
                bias ? weight(prefix + ".bias", true, width) : constant(name + "/zero_bias", new float[width], width);
        return add(name + "/shifted", scaled, shift);
    }

    /**
     * LayerNorm as one ONNX {@code LayerNormalization} node, for training: it also gives the mean and the inverse
     * standard deviation that its gradient needs ({@link Gradients}), where the spelled-out form would keep every
     * intermediate for the backward pass.
     */
    private String fusedLayerNorm(String prefix, String name, String input, int width, float eps)
            throws ModelLoadException {
        return graph.node(
                        "LayerNormalization",
                        name + "/layer_norm",
                        new String[] {
                            input, weight(prefix + ".weight", true, width), weight(prefix + ".bias", true, width)
                        },
                        new String[] {"mean", "inverse_deviation"},
                        intAttribute("axis", -1),
                        OnnxGraphBuilder.floatAttribute("epsilon", eps))[0];
    }

    /**
     * An activation, spelled out as the PyTorch exporter writes it; in training, the exact GELU is ONNX Runtime's
     * one {@code Gelu} node, whose gradient needs only its input ({@link Gradients}), where the spelled-out form would
     * keep four intermediates of the widest tensors for the backward pass.
     */
    String activation(String name, Activation activation, String x) {
        return switch (activation) {
            case GELU -> {
                if (training != null) {
                    yield graph.node(CONTRIB_DOMAIN, "Gelu", name + "/gelu", new String[] {x});
                }
                String erf = graph.node("Erf", name + "/erf", new String[] {
                    graph.node("Div", name + "/div_sqrt2", new String[] {x, scalar(name + "/sqrt2", SQRT_2)})
                });
                yield halfTimesOnePlus(name, x, erf);
            }
            case GELU_TANH -> {
                String cube = graph.node("Pow", name + "/cube", new String[] {x, scalar(name + "/three", 3f)});
                String inner = add(
                        name + "/inner", x, mul(name + "/cube_scaled", cube, scalar(name + "/coefficient", 0.044715f)));
                String tanh = graph.node("Tanh", name + "/tanh", new String[] {
                    mul(name + "/inner_scaled", inner, scalar(name + "/sqrt_2_over_pi", SQRT_2_OVER_PI))
                });
                yield halfTimesOnePlus(name, x, tanh);
            }
            case QUICK_GELU ->
                mul(name + "/quick_gelu", x, graph.node("Sigmoid", name + "/sigmoid", new String[] {
                    mul(name + "/scaled", x, scalar(name + "/factor", 1.702f))
                }));
            case RELU -> graph.node("Relu", name + "/relu", new String[] {x});
            case SILU -> mul(name + "/silu", x, graph.node("Sigmoid", name + "/sigmoid", new String[] {x}));
            case TANH -> graph.node("Tanh", name + "/tanh", new String[] {x});
        };
    }

    /** {@code 0.5 · x · (1 + t)}: the two GELU forms, {@code t} being their erf or tanh term. */
    private String halfTimesOnePlus(String name, String x, String t) {
        String onePlus = add(name + "/one_plus", t, scalar(name + "/one", 1f));
        return mul(name + "/half", mul(name + "/times_x", x, onePlus), scalar(name + "/half_value", 0.5f));
    }

    /** {@code [batch, sequence, heads·size]} to {@code [batch, heads, sequence, size]}. */
    String splitHeads(String name, String projected, int heads, int size) {
        return transpose(name + "/transpose", reshape(name + "/reshape", projected, 0, 0, heads, size), 0, 2, 1, 3);
    }

    /** {@code [batch, sequence, heads·size]} to {@code [batch, heads, size, sequence]}, keys ready for {@code Q·Kᵀ}. */
    String splitHeadsTransposed(String name, String projected, int heads, int size) {
        return transpose(name + "/transpose", reshape(name + "/reshape", projected, 0, 0, heads, size), 0, 2, 3, 1);
    }

    /**
     * {@code softmax(scores + mask) · V} merged back to {@code [batch, sequence, hidden]}.
     *
     * @param scores attention scores, already scaled, {@code [batch, heads, queries, keys]}
     * @param mask additive mask broadcasting to the scores
     * @param value {@code [batch, heads, keys, size]}
     * @param heads the number of heads (the attention dropout's mask has them)
     */
    String attend(String name, String scores, String mask, String value, int hidden, int heads) {
        String probabilities = dropout(
                DropoutRates.Site.ATTENTION,
                name + "/probabilities",
                softmax(name + "/softmax", add(name + "/masked", scores, mask)),
                heads);
        String context = matMul(name + "/context", probabilities, value);
        return reshape(name + "/context_reshaped", transpose(name + "/merge", context, 0, 2, 1, 3), 0, 0, hidden);
    }

    /** {@code a / b} for a scalar {@code b}. */
    String divide(String name, String a, float b) {
        return graph.node("Div", name, new String[] {a, scalar(name + "/divisor", b)});
    }
}
