package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.Aggregation;
import io.github.bertner.EntityTypes;
import io.github.bertner.SpanDecoding;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The tagging options a request may give, named as the command line names them: {@code labels}, {@code threshold},
 * {@code nested}, {@code multi_label} and the aggregation. The JSON route reads them from the body, the Hugging Face
 * route from {@code parameters} (its aggregation as {@code aggregation_strategy}, as the Inference API names it).
 *
 * @param labels the entity types named, if any
 * @param threshold the threshold for every type without its own, if given
 * @param decoding how a span model decodes this request, if it says
 * @param aggregation the aggregation asked for, if any: each model runs with the one it was started with
 * @param aggregationField the field the aggregation came in, for the message that refuses it
 */
record RequestOptions(
        Optional<EntityTypes> labels,
        OptionalDouble threshold,
        Optional<SpanDecoding> decoding,
        Optional<Aggregation> aggregation,
        String aggregationField) {

    /** The option fields, as the JSON route names them. */
    static final List<String> FIELDS = List.of("labels", "threshold", "nested", "multi_label", "aggregation");

    /**
     * Options that name types, or none, and nothing else: what INCEpTION's protocol asks with.
     *
     * @param labels the types, or empty for the server's default
     * @return the options
     */
    static RequestOptions naming(Optional<EntityTypes> labels) {
        return new RequestOptions(labels, OptionalDouble.empty(), Optional.empty(), Optional.empty(), "aggregation");
    }

    /**
     * Reads the options of a JSON object.
     *
     * @param object the object that holds them
     * @param path the object's path in the body, for messages ({@code ""} for the body itself)
     * @param aggregationField the name of the aggregation field
     * @throws HttpError 400 naming the field at fault
     */
    static RequestOptions read(JsonNode object, String path, String aggregationField) {
        return new RequestOptions(
                labels(object.get("labels"), path + "labels"),
                threshold(object.get("threshold"), path + "threshold"),
                decoding(object, path),
                aggregation(object.get(aggregationField), path + aggregationField),
                path + aggregationField);
    }

    /**
     * The entity types of this request for a model: those it names, else the server's default, with its threshold
     * and decoding.
     *
     * @param defaults the server's default types
     * @return the types
     */
    EntityTypes types(EntityTypes defaults) {
        EntityTypes named = labels.orElse(defaults);
        EntityTypes types = threshold.isPresent() ? named.withThreshold(threshold.getAsDouble()) : named;
        return decoding.map(types::withSpanDecoding).orElse(types);
    }

    private static Optional<EntityTypes> labels(JsonNode labels, String path) {
        if (labels == null || labels.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    labels.isTextual()
                            ? EntityTypes.parse(labels.textValue())
                            : EntityTypes.of(JsonRequests.strings(labels, path)));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(path + ": " + e.getMessage());
        }
    }

    private static OptionalDouble threshold(JsonNode threshold, String path) {
        if (threshold == null || threshold.isNull()) {
            return OptionalDouble.empty();
        }
        if (!threshold.isNumber()) {
            throw HttpError.badRequest(path + " must be a number in [0, 1]");
        }
        double value = threshold.doubleValue();
        if (!(value >= 0 && value <= 1)) {
            throw HttpError.badRequest(path + " must be a probability in [0, 1], was " + threshold.asText());
        }
        return OptionalDouble.of(value);
    }

    private static Optional<SpanDecoding> decoding(JsonNode object, String path) {
        JsonNode nested = object.get("nested");
        JsonNode multiLabel = object.get("multi_label");
        if ((nested == null || nested.isNull()) && (multiLabel == null || multiLabel.isNull())) {
            return Optional.empty();
        }
        return Optional.of(new SpanDecoding(flag(nested, path + "nested"), flag(multiLabel, path + "multi_label")));
    }

    private static boolean flag(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw HttpError.badRequest(path + " must be true or false");
        }
        return value.booleanValue();
    }

    private static Optional<Aggregation> aggregation(JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Aggregation.parse(value.asText()));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(path + ": " + e.getMessage());
        }
    }
}
