package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.model.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A tokenizer's settings: {@code tokenizer_config.json} with {@code special_tokens_map.json} laid over it (the map's
 * special tokens take precedence, as in transformers), each file optional.
 */
final class TokenizerConfig {
    /** The file of a tokenizer's settings. */
    static final String FILE = "tokenizer_config.json";
    /** The file that names a tokenizer's special tokens beside {@link #FILE}. */
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";
    /** The settings files, in the order they are laid over one another. */
    static final List<String> FILES = List.of(FILE, SPECIAL_TOKENS_MAP);

    private final ObjectNode values;

    private TokenizerConfig(ObjectNode values) {
        this.values = values;
    }

    /**
     * Reads the settings files of a directory, those that are present.
     *
     * @throws ModelLoadException naming a file that is not a JSON object
     */
    static TokenizerConfig read(Path directory) throws ModelLoadException {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (String name : FILES) {
            Path file = directory.resolve(name);
            if (Files.isRegularFile(file)) {
                JsonFiles.readObject(file).properties().forEach(entry -> values.set(entry.getKey(), entry.getValue()));
            }
        }
        return new TokenizerConfig(values);
    }

    /** A boolean setting, or {@code fallback} where it is absent or null. */
    boolean flag(String key, boolean fallback) {
        return optionalFlag(key).orElse(fallback);
    }

    /** A boolean setting, or empty where it is absent or null. */
    Optional<Boolean> optionalFlag(String key) {
        JsonNode node = values.get(key);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asBoolean());
    }

    /** {@code tokenizer_class} without the {@code Fast} suffix of older files, if given. */
    Optional<String> tokenizerClass() {
        JsonNode node = values.get("tokenizer_class");
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        String name = node.asText();
        return Optional.of(name.endsWith("Fast") ? name.substring(0, name.length() - 4) : name);
    }

    /**
     * A special token ({@code unk_token}, {@code cls_token}, …): a string, or an object with {@code content} and
     * flags; {@code fallback} (the tokenizer class's default) where absent.
     */
    SpecialToken special(String key, String fallback) {
        JsonNode node = values.get(key);
        if (node != null && node.isTextual()) {
            return SpecialToken.of(node.asText());
        }
        if (node != null && node.path("content").isTextual()) {
            return new SpecialToken(
                    node.path("content").asText(),
                    node.path("single_word").asBoolean(false),
                    node.path("lstrip").asBoolean(false),
                    node.path("rstrip").asBoolean(false),
                    node.path("normalized").asBoolean(false));
        }
        return SpecialToken.of(fallback);
    }

    /** The text of a special token the settings name, if they name it. */
    Optional<String> namedSpecial(String key) {
        JsonNode node = values.get(key);
        return node != null && (node.isTextual() || node.path("content").isTextual())
                ? Optional.of(special(key, "").content())
                : Optional.empty();
    }

    /** Whether the special token is given as an object, whose own flags then apply. */
    boolean isObject(String key) {
        return values.path(key).isObject();
    }
}
