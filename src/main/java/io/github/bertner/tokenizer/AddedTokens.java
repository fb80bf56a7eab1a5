package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The added tokens of a tokenizer, as transformers registers its special tokens: a token the model's vocabulary
 * holds keeps that id, any other is appended after the vocabulary (and after the tokens appended before it).
 */
final class AddedTokens {
    private final ToIntFunction<String> vocabularyId;
    private final Map<String, ObjectNode> tokens = new LinkedHashMap<>();
    private int nextId;

    /**
     * @param vocabularyId the id of a token in the model's vocabulary, or -1
     * @param vocabularySize the number of ids the vocabulary uses
     */
    AddedTokens(ToIntFunction<String> vocabularyId, int vocabularySize) {
        this.vocabularyId = vocabularyId;
        this.nextId = vocabularySize;
    }

    /** Registers a token (once: a token already added keeps its first entry) and returns its id. */
    int add(SpecialToken token, boolean special) {
        ObjectNode existing = tokens.get(token.content());
        if (existing != null) {
            return existing.path("id").asInt();
        }
        int id = vocabularyId.applyAsInt(token.content());
        if (id < 0) {
            id = nextId++;
        }
        tokens.put(
                token.content(),
                JsonNodeFactory.instance
                        .objectNode()
                        .put("id", id)
                        .put("content", token.content())
                        .put("single_word", token.singleWord())
                        .put("lstrip", token.lstrip())
                        .put("rstrip", token.rstrip())
                        .put("normalized", token.normalized())
                        .put("special", special));
        return id;
    }

    /** Whether a token is registered here. */
    boolean contains(String content) {
        return tokens.containsKey(content);
    }

    /** The id of a token, added or in the vocabulary, or -1. */
    int id(String content) {
        ObjectNode added = tokens.get(content);
        return added != null ? added.path("id").asInt() : vocabularyId.applyAsInt(content);
    }

    /** The {@code added_tokens} list, by id. */
    ArrayNode json() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        tokens.values().stream()
                .sorted(Comparator.comparingInt(token -> token.path("id").asInt()))
                .forEach(list::add);
        return list;
    }
}
