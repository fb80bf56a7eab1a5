package io.github.bertner.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.bertner.Aggregation;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.SpanDecoding;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reading request bodies and writing answers as JSON, with 400s that name the field at fault. */
final class JsonRequests {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private JsonRequests() {}

    /**
     * Parses a body that must be a JSON object.
     *
     * @throws HttpError 400 naming what is wrong, with the line and column
     */
    static JsonNode object(byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the body is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw HttpError.badRequest("the body cannot be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw HttpError.badRequest("the body must be a JSON object");
        }
        return node;
    }

    /** Writes a value as a JSON answer. */
    static Answer answer(Object value) {
        try {
            return Answer.json(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
    }

    /**
     * A string field.
     *
     * @throws HttpError 400 if it is missing or not a string
     */
    static String string(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw HttpError.badRequest(path + " must be a string");
        }
        return node.textValue();
    }

    /**
     * An array of strings.
     *
     * @throws HttpError 400 naming the first element that is not a string
     */
    static List<String> strings(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            throw HttpError.badRequest(path + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw HttpError.badRequest(path + "[" + i + "] must be a string");
            }
            strings.add(node.get(i).textValue());
        }
        return strings;
    }

    /**
     * The entity types a request names: {@code labels} as an array or a comma-separated string (each may end in
     * {@code =THRESHOLD}), with {@code threshold}; null when it names none.
     *
     * @throws HttpError 400 if they are malformed
     */
    static EntityTypes types(JsonNode request) {
        JsonNode labels = request.get("labels");
        JsonNode threshold = request.get("threshold");
        if (labels == null || labels.isNull()) {
            if (threshold != null && !threshold.isNull()) {
                throw HttpError.badRequest("threshold needs labels");
            }
            return null;
        }
        try {
            EntityTypes types = labels.isTextual()
                    ? EntityTypes.parse(labels.textValue())
                    : EntityTypes.parse(String.join(",", strings(labels, "labels")));
            if (threshold == null || threshold.isNull()) {
                return types;
            }
            if (!threshold.isNumber()) {
                throw HttpError.badRequest("threshold must be a number");
            }
            return types.withThreshold(threshold.doubleValue());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("labels: " + e.getMessage());
        }
    }

    /**
     * How a request asks a span model to decode: {@code nested} (GLiNER's {@code flat_ner=False}) and
     * {@code multi_label}, each a boolean; empty when it asks neither.
     *
     * @throws HttpError 400 naming a field that is not a boolean
     */
    static Optional<SpanDecoding> spanDecoding(JsonNode request) {
        JsonNode nested = request.get("nested");
        JsonNode multiLabel = request.get("multi_label");
        if ((nested == null || nested.isNull()) && (multiLabel == null || multiLabel.isNull())) {
            return Optional.empty();
        }
        return Optional.of(new SpanDecoding(flag(nested, "nested"), flag(multiLabel, "multi_label")));
    }

    private static boolean flag(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw HttpError.badRequest(field + " must be true or false");
        }
        return value.booleanValue();
    }

    /**
     * Checks an aggregation strategy a request asks for: the model runs with the one it was loaded with.
     *
     * @throws HttpError 400 if it is another
     */
    static void checkAggregation(JsonNode value, Recognizer recognizer, String model, String path) {
        if (value == null || value.isNull()) {
            return;
        }
        Aggregation loaded = recognizer.config().tokenDecoding().aggregation();
        Aggregation asked;
        try {
            asked = Aggregation.parse(value.asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(path + ": " + e.getMessage());
        }
        if (asked != loaded) {
            throw HttpError.badRequest(path + " is " + name(asked) + ", but model '" + model + "' runs with "
                    + name(loaded) + "; start the server with --aggregation " + name(asked)
                    + " to serve that (each model runs with one)");
        }
    }

    private static String name(Aggregation aggregation) {
        return aggregation.name().toLowerCase(Locale.ROOT);
    }
}
