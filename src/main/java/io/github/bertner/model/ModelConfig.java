package io.github.bertner.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the token classifier needs from a Hugging Face {@code config.json}.
 *
 * @param labels {@code id2label}, ordered by id
 * @param maxPositions the longest window in positions, specials included: {@code max_position_embeddings} (512 when
 *     absent), less the {@code pad_token_id + 1} rows that RoBERTa-family models never give a real token (514
 *     rows hold 512 positions)
 * @param modelType {@code model_type}, or {@code "unknown"}
 */
public record ModelConfig(List<String> labels, int maxPositions, String modelType) {

    private static final int DEFAULT_MAX_POSITIONS = 512;
    /** Model types whose position ids start after the padding id ({@code padding_idx + 1}). */
    private static final List<String> PADDING_OFFSET_POSITIONS = List.of("roberta", "xlm-roberta", "camembert");

    /** Copies the label list. */
    public ModelConfig {
        labels = List.copyOf(labels);
    }

    /**
     * Reads and validates a {@code config.json}.
     *
     * @param file the file
     * @return its labels, maximum length and model type
     * @throws ModelLoadException if it is not JSON, has no usable {@code id2label}, or its ids are not
     *     0 to n-1
     */
    public static ModelConfig read(Path file) throws ModelLoadException {
        JsonNode root = JsonFiles.readObject(file);
        return new ModelConfig(labels(file, root.get("id2label")), maxPositions(file, root), modelType(root));
    }

    /**
     * The longest window of an encoder config in positions, specials included (see {@link #maxPositions()}).
     *
     * @param file the file the config was read from, for messages
     * @param root the config
     * @return the positions
     * @throws ModelLoadException if {@code max_position_embeddings} is not a usable integer
     */
    public static int positions(Path file, JsonNode root) throws ModelLoadException {
        return maxPositions(file, root);
    }

    private static List<String> labels(Path file, JsonNode id2label) throws ModelLoadException {
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            throw new ModelLoadException(
                    file, "has no id2label: a token-classification config must map label ids to names");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : id2label.properties()) {
            byId.put(labelId(file, entry.getKey()), labelName(file, entry));
        }
        List<Integer> ids = new ArrayList<>(byId.keySet());
        if (ids.get(0) != 0 || ids.get(ids.size() - 1) != ids.size() - 1) {
            throw new ModelLoadException(file, "id2label ids must be 0 to " + (ids.size() - 1) + ", were " + ids);
        }
        return new ArrayList<>(byId.values());
    }

    private static int labelId(Path file, String key) throws ModelLoadException {
        try {
            return Integer.parseInt(key.trim());
        } catch (NumberFormatException e) {
            throw new ModelLoadException(file, "id2label key \"" + key + "\" is not an integer id", e);
        }
    }

    private static String labelName(Path file, Map.Entry<String, JsonNode> entry) throws ModelLoadException {
        JsonNode value = entry.getValue();
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ModelLoadException(
                    file, "id2label[" + entry.getKey() + "] must be a non-empty label name, was " + value);
        }
        return value.asText();
    }

    private static int maxPositions(Path file, JsonNode root) throws ModelLoadException {
        JsonNode node = root.get("max_position_embeddings");
        if (node == null || node.isNull()) {
            return DEFAULT_MAX_POSITIONS;
        }
        int offset = PADDING_OFFSET_POSITIONS.contains(modelType(root))
                ? root.path("pad_token_id").asInt(1) + 1
                : 0;
        if (!node.canConvertToInt() || node.asInt() - offset < 3) {
            throw new ModelLoadException(
                    file, "max_position_embeddings must be an integer of at least " + (offset + 3) + ", was " + node);
        }
        return node.asInt() - offset;
    }

    private static String modelType(JsonNode root) {
        JsonNode node = root.get("model_type");
        return node != null && node.isTextual() ? node.asText() : "unknown";
    }
}
