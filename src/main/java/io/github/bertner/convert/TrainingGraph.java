package io.github.bertner.convert;

import static io.github.bertner.convert.OnnxGraphBuilder.intAttribute;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The graph that trains a token classifier: the architecture's forward graph with its weights as inputs and a
 * dropout mask input at each dropout site, the mean cross-entropy over the labelled tokens, and the gradient of that
 * loss with respect to every weight ({@link Gradients}). One run is one training step's forward and backward pass.
 * Trains the post-norm encoders: BERT, ELECTRA, RoBERTa, XLM-RoBERTa, CamemBERT and DistilBERT.
 */
public final class TrainingGraph {
    /** The labels input: the label id of each token, {@value #IGNORED} where no label applies. */
    public static final String LABELS = "labels";
    /** The loss output: the mean cross-entropy over the labelled tokens, a scalar. */
    public static final String LOSS = "loss";
    /** The label id of tokens the loss ignores (sub-tokens after a word's first, special tokens, padding). */
    public static final long IGNORED = -100;
    /** The model types that train, as config.json names them. */
    public static final Set<String> TRAINABLE =
            Set.of("bert", "electra", "roberta", "xlm-roberta", "camembert", "distilbert");

    /** The opset of the training graph: {@code ScatterND} adds repeated indices from opset 16. */
    private static final long OPSET = 17;

    /**
     * What to build.
     *
     * @param newLabels the labels of a new classifier, or null to keep the checkpoint's
     * @param keepKnownRows whether the new classifier keeps the checkpoint classifier's weights for the labels they
     *     share (its other rows start as a new classifier's do)
     * @param seed the seed of a new classifier's initial weights
     * @param dropout one dropout rate for every site, or empty for the config's rates
     */
    public record Options(List<String> newLabels, boolean keepKnownRows, long seed, OptionalDouble dropout) {}

    private final byte[] model;
    private final List<String> inputs;
    private final List<Parameter> parameters;
    private final List<DropoutMask> masks;

    private TrainingGraph(byte[] model, List<String> inputs, List<Parameter> parameters, List<DropoutMask> masks) {
        this.model = model;
        this.inputs = inputs;
        this.parameters = parameters;
        this.masks = masks;
    }

    /**
     * Builds the training graph of a checkpoint.
     *
     * @param checkpoint a directory with {@code config.json} and the weights
     * @param options the labels, seed and dropout
     * @return the graph and the weights' initial values
     * @throws ModelLoadException naming the file or tensor at fault, or the architecture that does not train
     */
    public static TrainingGraph build(Path checkpoint, Options options) throws ModelLoadException {
        ConfigFields config = ConfigFields.read(checkpoint.resolve("config.json"));
        if (!TRAINABLE.contains(config.modelType())) {
            throw new ModelLoadException(
                    config.file(),
                    "model_type \"" + config.modelType() + "\" does not train: bert-ner trains "
                            + String.join(", ", new TreeSet<>(TRAINABLE)));
        }
        ConfigFields labelled = tokenClassifier(config, options.newLabels());
        Architecture architecture = Architectures.of(labelled);
        DropoutRates rates = options.dropout().isPresent()
                ? DropoutRates.everywhere((float) options.dropout().getAsDouble())
                : DropoutRates.of(config);
        SourceFiles files = SourceFiles.checkpoint(CheckpointConverter.listing(checkpoint), checkpoint.toString());
        try (Checkpoint checkpointWeights =
                Checkpoint.open(checkpoint, files.weights().orElseThrow())) {
            Weights weights = new Weights(checkpointWeights, architecture.className(), architecture.prefix());
            Map<String, float[]> replacements = options.newLabels() == null
                    ? Map.of()
                    : newClassifier(architecture, config, options, options.keepKnownRows() ? weights : null);
            TrainingInputs training = new TrainingInputs(rates, replacements);
            OnnxGraphBuilder graph = new OnnxGraphBuilder(config.modelType().replace('-', '_') + "_training");
            for (String input : architecture.inputs()) {
                graph.input(input, DataType.INT64, "batch_size", "sequence_length");
            }
            graph.input(LABELS, DataType.INT64, "batch_size", "sequence_length");
            GraphParts parts = new GraphParts(graph, weights, training);
            String logits = architecture.logits(parts, architecture.hiddenStates(parts));
            String logitsGradient = loss(graph, logits, architecture.labels());
            List<Parameter> parameters = training.parameters();
            StaticShapes shapes = shapesOf(graph);
            Map<String, String> gradients = Gradients.append(
                    graph, shapes, parameters.stream().map(Parameter::name).toList(), logits, logitsGradient);
            graph.output(LOSS, DataType.FLOAT, new long[0]);
            for (Parameter parameter : parameters) {
                nameOutput(graph, gradients.get(parameter.name()), parameter.gradient());
                graph.output(parameter.gradient(), DataType.FLOAT, parameter.shape());
            }
            byte[] model = graph.model(GraphFiles.VERSION, OPSET, GraphParts.CONTRIB_DOMAIN)
                    .toByteArray();
            return new TrainingGraph(model, architecture.inputs(), parameters, training.masks());
        }
    }

    /**
     * Gives a tensor the name of a graph output: its node writes the output itself (into the trainer's buffer), where
     * nothing else reads the tensor; otherwise an Identity copies it.
     */
    private static void nameOutput(OnnxGraphBuilder graph, String tensor, String output) {
        GraphProto.Builder proto = graph.proto();
        boolean read = proto.getNodeList().stream()
                .anyMatch(node -> node.getInputList().contains(tensor));
        for (int i = 0; i < proto.getNodeCount() && !read; i++) {
            NodeProto node = proto.getNode(i);
            if (node.getOutput(0).equals(tensor)) {
                proto.setNode(i, node.toBuilder().setOutput(0, output));
                return;
            }
        }
        graph.node("Identity", output, new String[] {tensor});
    }

    /**
     * Adds the loss and returns the name of its gradient with respect to the logits:
     * {@code (softmax(logits) − onehot(label)) / N} on labelled tokens, 0 elsewhere, N the labelled tokens.
     */
    private static String loss(OnnxGraphBuilder graph, String logits, int labels) {
        String ignored = graph.longs("/loss/ignored", new long[] {IGNORED});
        String labelled = graph.node("Not", "/loss/labelled", new String[] {
            graph.node("Equal", "/loss/is_ignored", new String[] {LABELS, ignored})
        });
        String weight =
                graph.node("Cast", "/loss/weight", new String[] {labelled}, intAttribute("to", DataType.FLOAT_VALUE));
        String safeLabels = graph.node("Where", "/loss/safe_labels", new String[] {
            labelled, LABELS, graph.longs("/loss/zero_label", new long[] {0})
        });
        String oneHot = graph.node(
                "OneHot",
                "/loss/one_hot",
                new String[] {
                    safeLabels,
                    graph.longs("/loss/depth", new long[] {labels}),
                    graph.floats("/loss/off_on", new float[] {0f, 1f}, 2)
                },
                intAttribute("axis", -1));
        String count = graph.node("ReduceSum", "/loss/count", new String[] {weight}, intAttribute("keepdims", 0));
        String logProbabilities =
                graph.node("LogSoftmax", "/loss/log_softmax", new String[] {logits}, intAttribute("axis", -1));
        String picked = graph.node(
                "ReduceSum",
                "/loss/picked",
                new String[] {
                    graph.node("Mul", "/loss/picked_terms", new String[] {logProbabilities, oneHot}),
                    graph.longs("/loss/last_axis", new long[] {-1}, 1)
                },
                intAttribute("keepdims", 0));
        String total = graph.node(
                "ReduceSum",
                "/loss/total",
                new String[] {graph.node("Mul", "/loss/weighted", new String[] {picked, weight})},
                intAttribute("keepdims", 0));
        graph.node("Neg", LOSS, new String[] {graph.node("Div", "/loss/mean", new String[] {total, count})});
        String probabilities = graph.node("Softmax", "/loss/softmax", new String[] {logits}, intAttribute("axis", -1));
        String difference = graph.node("Sub", "/loss/difference", new String[] {probabilities, oneHot});
        String perToken = graph.node("Div", "/loss/per_token", new String[] {weight, count});
        return graph.node("Mul", "/loss/logits_gradient", new String[] {
            difference,
            graph.node("Unsqueeze", "/loss/per_token_unsqueezed", new String[] {
                perToken, graph.longs("/loss/unsqueeze_axes", new long[] {-1}, 1)
            })
        });
    }

    /** The shapes of the graph's inputs and constants. */
    private static StaticShapes shapesOf(OnnxGraphBuilder graph) {
        StaticShapes shapes = new StaticShapes();
        for (TensorProto constant : graph.proto().getInitializerList()) {
            shapes.constant(constant);
        }
        for (ValueInfoProto input : graph.proto().getInputList()) {
            TypeProto.Tensor tensor = input.getType().getTensorType();
            shapes.put(
                    input.getName(),
                    tensor.getShape().getDimList().stream()
                            .mapToLong(dim -> dim.hasDimValue() ? dim.getDimValue() : StaticShapes.UNKNOWN)
                            .toArray());
        }
        return shapes;
    }

    /**
     * The config as that of its token classifier, whatever head it was saved with (a base or masked-LM checkpoint
     * trains too), with new labels where given.
     */
    private static ConfigFields tokenClassifier(ConfigFields config, List<String> labels) {
        ObjectNode root = ((ObjectNode) config.json()).deepCopy();
        root.putArray("architectures").add(className(config.modelType()));
        if (labels != null) {
            ObjectNode id2label = root.putObject("id2label");
            for (int i = 0; i < labels.size(); i++) {
                id2label.put(String.valueOf(i), labels.get(i));
            }
        }
        return ConfigFields.of(config.file(), root);
    }

    /**
     * The token-classification class of a model type, as {@code config.json}'s {@code architectures} names it.
     *
     * @param modelType the {@code model_type}
     * @return the class name, or null for a model type the converter does not know
     */
    public static String className(String modelType) {
        return Architectures.className(modelType);
    }

    /**
     * The labels of a checkpoint's classifier, by id: its {@code id2label}, or none.
     *
     * @param checkpoint the checkpoint directory
     * @return the labels
     * @throws ModelLoadException if {@code config.json} cannot be read
     */
    public static List<String> labels(Path checkpoint) throws ModelLoadException {
        return labels(ConfigFields.read(checkpoint.resolve("config.json")));
    }

    private static List<String> labels(ConfigFields config) {
        List<String> labels = new ArrayList<>();
        JsonNode id2label = config.node("id2label");
        for (int i = 0; i < id2label.size(); i++) {
            if (!id2label.has(String.valueOf(i))) {
                return List.of();
            }
            labels.add(id2label.get(String.valueOf(i)).asText());
        }
        return labels;
    }

    /**
     * A new classifier as transformers initialises one: weights drawn from N(0, {@code initializer_range}), bias 0;
     * the weight in graph layout ({@code [hidden, labels]}). Where the checkpoint's classifier is kept from, each label
     * it has keeps its column of the weight and its bias.
     */
    private static Map<String, float[]> newClassifier(
            Architecture architecture, ConfigFields config, Options options, Weights keptFrom)
            throws ModelLoadException {
        int hidden = architecture.hiddenSize();
        int labels = options.newLabels().size();
        double range = config.number("initializer_range", 0.02);
        Random random = new Random(options.seed());
        float[] weight = new float[hidden * labels];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) (random.nextGaussian() * range);
        }
        float[] bias = new float[labels];
        List<String> known = labels(config);
        if (keptFrom != null && !known.isEmpty() && keptFrom.has("classifier.weight")) {
            float[] knownWeight = keptFrom.takeLinear("classifier.weight", known.size(), hidden);
            float[] knownBias = keptFrom.take("classifier.bias", known.size());
            for (int label = 0; label < labels; label++) {
                int old = known.indexOf(options.newLabels().get(label));
                if (old >= 0) {
                    for (int h = 0; h < hidden; h++) {
                        weight[h * labels + label] = knownWeight[h * known.size() + old];
                    }
                    bias[label] = knownBias[old];
                }
            }
        }
        Map<String, float[]> classifier = new HashMap<>();
        classifier.put("classifier.weight", weight);
        classifier.put("classifier.bias", bias);
        return classifier;
    }

    /**
     * The files of a checkpoint that a trained model keeps as they are: the tokenizer's files and settings, relative
     * to the checkpoint (not its weights, nor {@code config.json}, which training writes anew).
     *
     * @param checkpoint the checkpoint directory
     * @return the files
     * @throws ModelLoadException if the directory is not a checkpoint
     */
    public static List<String> tokenizerFiles(Path checkpoint) throws ModelLoadException {
        SourceFiles files = SourceFiles.checkpoint(CheckpointConverter.listing(checkpoint), checkpoint.toString());
        return files.files().stream()
                .filter(file -> !files.weightFiles().contains(file) && !file.equals("config.json"))
                .toList();
    }

    /** The serialized ONNX model. */
    public byte[] model() {
        return model.clone();
    }

    /** The model's inputs besides the weights, labels and masks, each {@code [batch, sequence]} int64. */
    public List<String> inputs() {
        return inputs;
    }

    /** The weights, in the graph's input order. */
    public List<Parameter> parameters() {
        return new ArrayList<>(parameters);
    }

    /** The dropout masks the graph takes; none when every rate is 0. */
    public List<DropoutMask> masks() {
        return masks;
    }
}
