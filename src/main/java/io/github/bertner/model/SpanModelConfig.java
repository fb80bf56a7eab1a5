package io.github.bertner.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a GLiNER span model's {@code gliner_config.json} says, read with GLiNER's own defaults where a key is absent.
 * Only GLiNER's uni-encoder span models ({@code span_mode} {@code markerV0}: the v2.1 family and its fine-tunes) are
 * accepted; the other kinds (token-level, bi-encoder, span decoders, relation extraction) are refused by name.
 *
 * @param file the file read, for messages
 * @param backbone {@code model_name}: the encoder's Hub repository (or folder), where GLiNER takes the tokenizer from
 *     when the model has none
 * @param hidden {@code hidden_size}: the width of the span and label representations
 * @param maxWidth {@code max_width}: the longest span in words
 * @param maxWords {@code max_len}: the most words GLiNER reads of a text (it drops the rest)
 * @param entityToken {@code ent_token}, the marker before each entity type in the prompt
 * @param separatorToken {@code sep_token}, the marker between the prompt and the text
 * @param classTokenIndex {@code class_token_index}, the token id of the entity marker, where the config has it
 * @param embedEntityToken {@code embed_ent_token}: a type is represented by its marker (true) or by the token after
 * @param rnnLayers {@code num_rnn_layers}: the bidirectional LSTM layers over the words
 * @param encoderConfig {@code encoder_config}, the encoder's transformers config, where the config has it
 */
public record SpanModelConfig(
        Path file,
        String backbone,
        int hidden,
        int maxWidth,
        int maxWords,
        String entityToken,
        String separatorToken,
        Optional<Integer> classTokenIndex,
        boolean embedEntityToken,
        int rnnLayers,
        Optional<JsonNode> encoderConfig) {

    /** The file that makes a directory a GLiNER model. */
    public static final String FILE = "gliner_config.json";

    private static final String WORKS =
            "bert-ner runs GLiNER's uni-encoder span models (span_mode markerV0, such as urchade/gliner_multi-v2.1)";

    /**
     * Whether a directory holds a GLiNER model.
     *
     * @param directory the directory
     * @return true if it has {@code gliner_config.json}
     */
    public static boolean isSpanModel(Path directory) {
        return Files.isRegularFile(directory.resolve(FILE));
    }

    /**
     * Reads and checks a {@code gliner_config.json}.
     *
     * @param file the file
     * @return its settings
     * @throws ModelLoadException naming the file when it is not JSON, a value is of the wrong kind, or the model is
     *     a GLiNER kind bert-ner does not run
     */
    public static SpanModelConfig read(Path file) throws ModelLoadException {
        JsonNode root = JsonFiles.readObject(file);
        refuseOtherKinds(file, root);
        requireValue(file, root, "words_splitter_type", "whitespace", "GLiNER's default word splitter");
        requireValue(file, root, "subtoken_pooling", "first", "first-subtoken pooling");
        requireValue(file, root, "post_fusion_schema", "", "no post-fusion layers");
        if (root.path("fuse_layers").asBoolean(false)) {
            throw new ModelLoadException(file, "fuse_layers is true, which bert-ner does not run: " + WORKS);
        }
        int classToken = integer(file, root, "class_token_index", -1, -1);
        JsonNode encoder = root.path("encoder_config");
        return new SpanModelConfig(
                file,
                text(file, root, "model_name", "microsoft/deberta-v3-small"),
                integer(file, root, "hidden_size", 512, 1),
                integer(file, root, "max_width", 12, 1),
                integer(file, root, "max_len", 384, 1),
                text(file, root, "ent_token", "<<ENT>>"),
                text(file, root, "sep_token", "<<SEP>>"),
                classToken < 0 ? Optional.empty() : Optional.of(classToken),
                root.path("embed_ent_token").asBoolean(true),
                integer(file, root, "num_rnn_layers", 1, 0),
                encoder.isObject() ? Optional.of(encoder) : Optional.empty());
    }

    /** The tokens GLiNER adds to its encoder's tokenizer: {@code [FLERT]}, the entity marker, the separator. */
    public List<String> addedTokens() {
        return List.of("[FLERT]", entityToken, separatorToken);
    }

    private static void refuseOtherKinds(Path file, JsonNode root) throws ModelLoadException {
        for (String key : List.of("labels_encoder", "labels_decoder", "relations_layer")) {
            JsonNode value = root.path(key);
            if (!value.isMissingNode() && !value.isNull()) {
                String kind = switch (key) {
                    case "labels_encoder" -> "a bi-encoder GLiNER (its entity types go through a separate encoder)";
                    case "labels_decoder" -> "a GLiNER with a label decoder";
                    default -> "a GLiNER relation extraction model";
                };
                throw new ModelLoadException(file, "is " + kind + ", which bert-ner does not run: " + WORKS);
            }
        }
        String spanMode = root.path("span_mode").asText("markerV0");
        if (spanMode.equals("token_level") || spanMode.equals("token-level")) {
            throw new ModelLoadException(
                    file,
                    "is a token-level GLiNER (span_mode " + spanMode + "), which bert-ner does not run: " + WORKS);
        }
        if (!spanMode.equals("markerV0")) {
            throw new ModelLoadException(file, "has span_mode " + spanMode + ", which bert-ner does not run: " + WORKS);
        }
        String modelType = root.path("model_type").asText("");
        if (!modelType.isEmpty() && !modelType.equals("gliner") && !modelType.equals("gliner_uni_encoder_span")) {
            throw new ModelLoadException(
                    file, "is a GLiNER of model_type " + modelType + ", which bert-ner does not run: " + WORKS);
        }
    }

    private static void requireValue(Path file, JsonNode root, String key, String expected, String meaning)
            throws ModelLoadException {
        JsonNode value = root.path(key);
        if (!value.isMissingNode() && !value.isNull() && !value.asText().equals(expected)) {
            throw new ModelLoadException(
                    file,
                    key + " is \"" + value.asText() + "\"; bert-ner runs only \"" + expected + "\" (" + meaning + ")");
        }
    }

    private static String text(Path file, JsonNode root, String key, String fallback) throws ModelLoadException {
        JsonNode value = root.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ModelLoadException(file, key + " must be a non-empty string, was " + value);
        }
        return value.asText();
    }

    private static int integer(Path file, JsonNode root, String key, int fallback, int least)
            throws ModelLoadException {
        JsonNode value = root.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < least) {
            throw new ModelLoadException(file, key + " must be an integer of at least " + least + ", was " + value);
        }
        return value.asInt();
    }
}
