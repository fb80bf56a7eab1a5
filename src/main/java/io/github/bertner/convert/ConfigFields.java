package io.github.bertner.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.model.JsonFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The fields of a checkpoint's {@code config.json}, read with transformers' defaults where a key is absent. */
final class ConfigFields {
    private final Path file;
    private final JsonNode root;

    private ConfigFields(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    static ConfigFields read(Path file) throws ModelLoadException {
        return new ConfigFields(file, JsonFiles.readObject(file));
    }

    /** A config held inside another file (GLiNER's {@code encoder_config}), named by that file in messages. */
    static ConfigFields of(Path file, JsonNode root) {
        return new ConfigFields(file, root);
    }

    /** The same config with one integer field set. */
    ConfigFields with(String key, int value) {
        return new ConfigFields(file, ((ObjectNode) root.deepCopy()).put(key, value));
    }

    /** The config as JSON. */
    JsonNode json() {
        return root;
    }

    Path file() {
        return file;
    }

    /** {@code model_type}, or empty. */
    String modelType() {
        return root.path("model_type").asText("");
    }

    /** {@code architectures}, or none. */
    List<String> architectures() {
        List<String> names = new ArrayList<>();
        root.path("architectures").forEach(name -> names.add(name.asText()));
        return names;
    }

    /** A positive integer, or {@code fallback} where absent or null. */
    int positive(String key, int fallback) throws ModelLoadException {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || node.asInt() < 1) {
            throw new ModelLoadException(file, key + " must be a positive integer, was " + node);
        }
        return node.asInt();
    }

    /** An integer, or {@code fallback} where absent or null. */
    int integer(String key, int fallback) throws ModelLoadException {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt()) {
            throw new ModelLoadException(file, key + " must be an integer, was " + node);
        }
        return node.asInt();
    }

    /** A number (such as an epsilon), or {@code fallback}. */
    double number(String key, double fallback) throws ModelLoadException {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new ModelLoadException(file, key + " must be a number, was " + node);
        }
        return node.asDouble();
    }

    boolean flag(String key, boolean fallback) {
        JsonNode node = root.get(key);
        return node == null || node.isNull() ? fallback : node.asBoolean();
    }

    Optional<String> text(String key) {
        JsonNode node = root.get(key);
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** A raw node, for structured fields. */
    JsonNode node(String key) {
        return root.path(key);
    }

    /** The activation a key names, or {@code fallback}'s. */
    Activation activation(String key, String fallback) throws ModelLoadException {
        return Activation.of(file, key, text(key).orElse(fallback));
    }

    /** The number of labels in {@code id2label}. */
    int labels() throws ModelLoadException {
        JsonNode id2label = root.get("id2label");
        if (id2label == null || !id2label.isObject() || id2label.isEmpty()) {
            throw new ModelLoadException(
                    file, "has no id2label: a token-classification config must map label ids to names");
        }
        return id2label.size();
    }

    /** Checks that a width divides into heads, and returns the head size. */
    int headSize(String widthKey, int width, String headsKey, int heads) throws ModelLoadException {
        if (width % heads != 0) {
            throw new ModelLoadException(
                    file, widthKey + " " + width + " is not a multiple of " + headsKey + " " + heads);
        }
        return width / heads;
    }
}
