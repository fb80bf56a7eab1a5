package io.github.bertner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.JsonFiles;
import io.github.bertner.ModelLoadException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The dimensions of a {@code BertForTokenClassification} checkpoint, from its {@code config.json}, with
 * transformers' defaults where a key is absent.
 *
 * @param hiddenSize {@code hidden_size}
 * @param layers {@code num_hidden_layers}
 * @param heads {@code num_attention_heads}
 * @param intermediateSize {@code intermediate_size}
 * @param vocabularySize {@code vocab_size}
 * @param maxPositions {@code max_position_embeddings}
 * @param typeVocabularySize {@code type_vocab_size}
 * @param layerNormEps {@code layer_norm_eps}
 * @param activation {@code hidden_act}
 * @param labels the number of labels in {@code id2label}
 */
record BertConfig(
        int hiddenSize,
        int layers,
        int heads,
        int intermediateSize,
        int vocabularySize,
        int maxPositions,
        int typeVocabularySize,
        float layerNormEps,
        Activation activation,
        int labels) {

    /** The activations of the intermediate layer that the converter builds. */
    enum Activation {
        /** The exact erf form ({@code gelu}). */
        GELU,
        /** The tanh approximation ({@code gelu_new}, {@code gelu_pytorch_tanh}). */
        GELU_TANH,
        /** {@code relu}. */
        RELU
    }

    private static final Set<String> ARCHITECTURES = Set.of("BertForTokenClassification");

    static BertConfig read(Path file) throws ModelLoadException {
        JsonNode root = JsonFiles.readObject(file);
        String modelType = root.path("model_type").asText("");
        if (!modelType.equals("bert")) {
            throw new ModelLoadException(
                    file,
                    "model_type \"" + modelType + "\" cannot be converted: the converter builds "
                            + "BERT (model_type \"bert\") token classifiers only; export other models to ONNX with Optimum");
        }
        JsonNode architectures = root.get("architectures");
        if (architectures != null && architectures.isArray() && !architectures.isEmpty()) {
            for (JsonNode architecture : architectures) {
                if (!ARCHITECTURES.contains(architecture.asText())) {
                    throw new ModelLoadException(
                            file,
                            "architecture " + architecture.asText() + " cannot be converted: "
                                    + "the converter builds BertForTokenClassification only");
                }
            }
        }
        int hidden = positive(file, root, "hidden_size", 768);
        int heads = positive(file, root, "num_attention_heads", 12);
        if (hidden % heads != 0) {
            throw new ModelLoadException(
                    file, "hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        return new BertConfig(
                hidden,
                positive(file, root, "num_hidden_layers", 12),
                heads,
                positive(file, root, "intermediate_size", 3072),
                positive(file, root, "vocab_size", 30522),
                positive(file, root, "max_position_embeddings", 512),
                positive(file, root, "type_vocab_size", 2),
                (float) root.path("layer_norm_eps").asDouble(1e-12),
                activation(file, root),
                labels(file, root));
    }

    int headSize() {
        return hiddenSize / heads;
    }

    private static int positive(Path file, JsonNode root, String key, int fallback) throws ModelLoadException {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || node.asInt() < 1) {
            throw new ModelLoadException(file, key + " must be a positive integer, was " + node);
        }
        return node.asInt();
    }

    private static Activation activation(Path file, JsonNode root) throws ModelLoadException {
        String name = root.path("hidden_act").asText("gelu");
        return switch (name) {
            case "gelu" -> Activation.GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> Activation.GELU_TANH;
            case "relu" -> Activation.RELU;
            default ->
                throw new ModelLoadException(
                        file,
                        "hidden_act \"" + name
                                + "\" cannot be converted (supported: gelu, gelu_new, gelu_pytorch_tanh, relu)");
        };
    }

    private static int labels(Path file, JsonNode root) throws ModelLoadException {
        JsonNode id2label = root.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            throw new ModelLoadException(
                    file, "has no id2label: a token-classification config must map label ids to names");
        }
        return id2label.size();
    }
}
