package io.github.bertner.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.github.bertner.ModelLoadException;
import io.github.bertner.model.ModelFiles;
import java.util.List;

/**
 * One family of token-classification models ({@code model_type}s that share a modeling file in transformers): how
 * its config reads, where its weights are, and the few things its graph does differently from the others. The
 * graph has the inputs and output of an Optimum export: the model's inputs (int64,
 * {@code [batch_size, sequence_length]}) to {@code logits} ({@code [batch_size, sequence_length, num_labels]}); its
 * {@code attention_mask} may also number sequences packed into a row ({@link ModelFiles#PACKING_METADATA}).
 * {@link Architectures} picks the family of a config.
 */
abstract class Architecture {
    private final ConfigFields config;
    private final String className;
    private final int vocabulary;

    /**
     * @param vocabulary the rows of the word-embedding table ({@code vocab_size})
     */
    Architecture(ConfigFields config, String className, int vocabulary) {
        this.config = config;
        this.className = className;
        this.vocabulary = vocabulary;
    }

    /** The transformers class, for messages. */
    final String className() {
        return className;
    }

    /**
     * The number of labels, from {@code id2label}.
     *
     * @throws ModelLoadException if the config has none
     */
    final int labels() throws ModelLoadException {
        return config.labels();
    }

    /** The base model's key prefix in the state dict ({@code bert.}, {@code roberta.}, …). */
    abstract String prefix();

    /** The graph's inputs, as the model takes them: token ids and attention mask, unless it takes token types. */
    List<String> inputs() {
        return List.of(GraphParts.INPUT_IDS, GraphParts.ATTENTION_MASK);
    }

    /** The rows of the word-embedding table. */
    final int vocabularySize() {
        return vocabulary;
    }

    /** The word embeddings of the input ids, {@code [batch, sequence, width]}. */
    final String wordEmbeddings(GraphParts parts, String key, int width) throws ModelLoadException {
        return parts.gather("/embeddings/word", parts.weight(key, vocabulary, width), GraphParts.INPUT_IDS);
    }

    /** The number of layers, for messages. */
    abstract int layers();

    /** The hidden width, for messages. */
    abstract int hiddenSize();

    /** Adds the base model, from the inputs to its last hidden states ({@code [batch, sequence, hidden]}). */
    abstract String hiddenStates(GraphParts parts) throws ModelLoadException;

    /** Adds the classifier on the hidden states and returns the logits' name. */
    abstract String logits(GraphParts parts, String hiddenStates) throws ModelLoadException;

    /** Builds the whole graph. */
    final ModelProto build(OnnxGraphBuilder graph, Weights weights, String producerVersion) throws ModelLoadException {
        for (String input : inputs()) {
            graph.input(input, DataType.INT64, "batch_size", "sequence_length");
        }
        GraphParts parts = new GraphParts(graph, weights);
        String logits = logits(parts, hiddenStates(parts));
        graph.node("Identity", "logits", new String[] {logits});
        graph.output("logits", DataType.FLOAT, "batch_size", "sequence_length", "num_labels");
        return graph.model(producerVersion).toBuilder()
                .addMetadataProps(StringStringEntryProto.newBuilder()
                        .setKey(ModelFiles.PACKING_METADATA)
                        .setValue(ModelFiles.SEQUENCE_NUMBERS))
                .build();
    }
}
