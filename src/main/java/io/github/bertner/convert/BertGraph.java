package io.github.bertner.convert;

import static io.github.bertner.convert.OnnxGraphBuilder.intAttribute;
import static io.github.bertner.convert.OnnxGraphBuilder.intsAttribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.bertner.ModelLoadException;

/**
 * The ONNX graph of {@code BertForTokenClassification} at inference, as transformers computes it and with
 * the inputs and output of an Optimum export: {@code input_ids}, {@code attention_mask} and
 * {@code token_type_ids} (int64, {@code [batch_size, sequence_length]}) to {@code logits}
 * ({@code [batch_size, sequence_length, num_labels]}). The operators are those of the PyTorch exporter
 * (LayerNorm and GELU spelled out), so that ONNX Runtime fuses them as it fuses an exported graph.
 */
final class BertGraph {
    /** The additive attention mask for padding, as the exported graphs use it. */
    private static final float MASKED = -10000f;

    private static final float SQRT_2 = (float) Math.sqrt(2);
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private final BertConfig config;
    private final BertWeights weights;
    private final OnnxGraphBuilder graph = new OnnxGraphBuilder("bert_token_classification");

    private BertGraph(BertConfig config, BertWeights weights) {
        this.config = config;
        this.weights = weights;
    }

    /**
     * Builds the graph.
     *
     * @param producerVersion the converter version recorded in the model
     * @throws ModelLoadException naming a tensor that is missing or does not fit the config
     */
    static ModelProto build(BertConfig config, BertWeights weights, String producerVersion) throws ModelLoadException {
        return new BertGraph(config, weights).build(producerVersion);
    }

    private ModelProto build(String producerVersion) throws ModelLoadException {
        for (String input : new String[] {"input_ids", "attention_mask", "token_type_ids"}) {
            graph.input(input, DataType.INT64, "batch_size", "sequence_length");
        }
        String hidden = embeddings();
        String mask = additiveMask();
        for (int layer = 0; layer < config.layers(); layer++) {
            hidden = layer(layer, hidden, mask);
        }
        String logits = linear("classifier", hidden, config.hiddenSize(), config.labels());
        graph.node("Identity", "logits", new String[] {logits});
        graph.output("logits", DataType.FLOAT, "batch_size", "sequence_length", "num_labels");
        return graph.model(producerVersion);
    }

    private String embeddings() throws ModelLoadException {
        int hidden = config.hiddenSize();
        String prefix = "bert.embeddings.";
        String words = graph.node("Gather", "/embeddings/word", new String[] {
            weight(prefix + "word_embeddings.weight", config.vocabularySize(), hidden), "input_ids"
        });
        String length = graph.node(
                "Gather",
                "/embeddings/length",
                new String[] {
                    graph.node("Shape", "/embeddings/shape", new String[] {"input_ids"}),
                    graph.longs("/embeddings/one_index", new long[] {1})
                },
                intAttribute("axis", 0));
        String range = graph.node("Range", "/embeddings/range", new String[] {
            graph.longs("/embeddings/zero", new long[] {0}), length, graph.longs("/embeddings/step", new long[] {1})
        });
        String positionIds =
                graph.node("Unsqueeze", "/embeddings/position_ids", new String[] {range, axes("/embeddings/axis0", 0)});
        String positions = graph.node("Gather", "/embeddings/position", new String[] {
            weight(prefix + "position_embeddings.weight", config.maxPositions(), hidden), positionIds
        });
        String types = graph.node("Gather", "/embeddings/token_type", new String[] {
            weight(prefix + "token_type_embeddings.weight", config.typeVocabularySize(), hidden), "token_type_ids"
        });
        String sum = graph.node("Add", "/embeddings/add_types", new String[] {
            graph.node("Add", "/embeddings/add_positions", new String[] {words, positions}), types
        });
        return layerNorm("bert.embeddings.LayerNorm", sum);
    }

    /** {@code (1 - mask) * MASKED}, shaped {@code [batch, 1, 1, sequence]} to broadcast over heads and queries. */
    private String additiveMask() {
        String unsqueezed =
                graph.node("Unsqueeze", "/mask/unsqueeze", new String[] {"attention_mask", axes("/mask/axes", 1, 2)});
        String cast = graph.node(
                "Cast", "/mask/cast", new String[] {unsqueezed}, intAttribute("to", DataType.FLOAT.getNumber()));
        String inverted = graph.node("Sub", "/mask/invert", new String[] {scalar("/mask/one", 1f), cast});
        return graph.node("Mul", "/mask/additive", new String[] {inverted, scalar("/mask/value", MASKED)});
    }

    private String layer(int index, String input, String mask) throws ModelLoadException {
        String prefix = "bert.encoder.layer." + index + ".";
        String context = selfAttention(prefix + "attention.self.", "/layer" + index + "/attention", input, mask);
        String attended = graph.node("Add", "/layer" + index + "/attention/residual", new String[] {
            input, linear(prefix + "attention.output.dense", context, config.hiddenSize(), config.hiddenSize())
        });
        String attention = layerNorm(prefix + "attention.output.LayerNorm", attended);
        String intermediate = activation(
                "/layer" + index + "/intermediate",
                linear(prefix + "intermediate.dense", attention, config.hiddenSize(), config.intermediateSize()));
        String output = graph.node("Add", "/layer" + index + "/output/residual", new String[] {
            attention, linear(prefix + "output.dense", intermediate, config.intermediateSize(), config.hiddenSize())
        });
        return layerNorm(prefix + "output.LayerNorm", output);
    }

    private String selfAttention(String prefix, String name, String input, String mask) throws ModelLoadException {
        long[] headShape = {0, 0, config.heads(), config.headSize()};
        String query = heads(
                name + "/query",
                linear(prefix + "query", input, config.hiddenSize(), config.hiddenSize()),
                headShape,
                0,
                2,
                1,
                3);
        String key = heads(
                name + "/key",
                linear(prefix + "key", input, config.hiddenSize(), config.hiddenSize()),
                headShape,
                0,
                2,
                3,
                1);
        String value = heads(
                name + "/value",
                linear(prefix + "value", input, config.hiddenSize(), config.hiddenSize()),
                headShape,
                0,
                2,
                1,
                3);
        String scores = graph.node("MatMul", name + "/scores", new String[] {query, key});
        String scaled = graph.node("Div", name + "/scaled", new String[] {
            scores, scalar(name + "/scale", (float) Math.sqrt(config.headSize()))
        });
        String masked = graph.node("Add", name + "/masked", new String[] {scaled, mask});
        String probabilities =
                graph.node("Softmax", name + "/softmax", new String[] {masked}, intAttribute("axis", -1));
        String context = graph.node("MatMul", name + "/context", new String[] {probabilities, value});
        String merged =
                graph.node("Transpose", name + "/merge", new String[] {context}, intsAttribute("perm", 0, 2, 1, 3));
        return graph.node("Reshape", name + "/context_reshaped", new String[] {
            merged, graph.longs(name + "/hidden_shape", new long[] {0, 0, config.hiddenSize()}, 3)
        });
    }

    private String heads(String name, String projected, long[] shape, long... permutation) {
        String reshaped = graph.node(
                "Reshape", name + "/reshape", new String[] {projected, graph.longs(name + "/shape", shape, shape.length)
                });
        return graph.node(
                "Transpose", name + "/transpose", new String[] {reshaped}, intsAttribute("perm", permutation));
    }

    /** {@code x · Wᵀ + b} for a {@code Linear(in, out)} with weight {@code [out, in]}. */
    private String linear(String prefix, String input, int in, int out) throws ModelLoadException {
        String weight = graph.floats(prefix + ".weight", weights.takeLinear(prefix + ".weight", out, in), in, out);
        String bias = weight(prefix + ".bias", out);
        String product = graph.node("MatMul", "/" + prefix + "/MatMul", new String[] {input, weight});
        return graph.node("Add", "/" + prefix + "/Add", new String[] {bias, product});
    }

    private String layerNorm(String prefix, String input) throws ModelLoadException {
        int hidden = config.hiddenSize();
        String name = "/" + prefix;
        String mean = graph.node("ReduceMean", name + "/mean", new String[] {input}, intsAttribute("axes", -1));
        String centered = graph.node("Sub", name + "/centered", new String[] {input, mean});
        String squared = graph.node("Pow", name + "/squared", new String[] {centered, scalar(name + "/two", 2f)});
        String variance =
                graph.node("ReduceMean", name + "/variance", new String[] {squared}, intsAttribute("axes", -1));
        String deviation = graph.node("Sqrt", name + "/deviation", new String[] {
            graph.node(
                    "Add", name + "/variance_eps", new String[] {variance, scalar(name + "/eps", config.layerNormEps())
                    })
        });
        String normalized = graph.node("Div", name + "/normalized", new String[] {centered, deviation});
        String scaled =
                graph.node("Mul", name + "/scaled", new String[] {normalized, weight(prefix + ".weight", hidden)});
        return graph.node("Add", name + "/shifted", new String[] {scaled, weight(prefix + ".bias", hidden)});
    }

    private String activation(String name, String x) {
        return switch (config.activation()) {
            case GELU -> {
                String erf = graph.node("Erf", name + "/erf", new String[] {
                    graph.node("Div", name + "/div_sqrt2", new String[] {x, scalar(name + "/sqrt2", SQRT_2)})
                });
                String onePlus = graph.node("Add", name + "/one_plus", new String[] {erf, scalar(name + "/one", 1f)});
                yield graph.node("Mul", name + "/half", new String[] {
                    graph.node("Mul", name + "/times_x", new String[] {x, onePlus}), scalar(name + "/half_value", 0.5f)
                });
            }
            case GELU_TANH -> {
                String cube = graph.node("Pow", name + "/cube", new String[] {x, scalar(name + "/three", 3f)});
                String inner = graph.node("Add", name + "/inner", new String[] {
                    x,
                    graph.node(
                            "Mul", name + "/cube_scaled", new String[] {cube, scalar(name + "/coefficient", 0.044715f)})
                });
                String tanh = graph.node("Tanh", name + "/tanh", new String[] {
                    graph.node("Mul", name + "/inner_scaled", new String[] {
                        inner, scalar(name + "/sqrt_2_over_pi", SQRT_2_OVER_PI)
                    })
                });
                String onePlus = graph.node("Add", name + "/one_plus", new String[] {tanh, scalar(name + "/one", 1f)});
                yield graph.node("Mul", name + "/half", new String[] {
                    graph.node("Mul", name + "/times_x", new String[] {x, onePlus}), scalar(name + "/half_value", 0.5f)
                });
            }
            case RELU -> graph.node("Relu", name + "/relu", new String[] {x});
        };
    }

    /** A checkpoint tensor as an initializer of the same name, checked against the shape the config implies. */
    private String weight(String name, long... shape) throws ModelLoadException {
        return graph.floats(name, weights.take(name, shape), shape);
    }

    private String scalar(String name, float value) {
        return graph.floats(name, new float[] {value});
    }

    private String axes(String name, long... axes) {
        return graph.longs(name, axes, axes.length);
    }
}
