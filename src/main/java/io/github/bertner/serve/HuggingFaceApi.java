package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.Aggregation;
import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /models/{model}}: the Hugging Face Inference API's shape for token classification, as
 * {@code huggingface_hub}'s {@code InferenceClient(model=URL).token_classification} sends and parses it.
 * {@code {"inputs": "…", "parameters": {"aggregation_strategy": "first", "ignore_labels": […]}}} answers
 * {@code [{entity_group, score, word, start, end}]} ({@code entity} instead of {@code entity_group} for a model run
 * without aggregation, as the pipeline writes it); {@code inputs} may also be an array of texts, answered by an
 * array of such arrays. Offsets are UTF-16 code units, as the pipeline's are Python string indices wherever a text
 * has no character outside the Basic Multilingual Plane. {@code parameters} also takes the options of the JSON route
 * ({@code labels}, {@code threshold}, {@code nested}, {@code multi_label}), so that a zero-shot model is used through
 * this route too; {@code options} (the Inference API's {@code wait_for_model}, {@code use_cache}) is accepted and has
 * no effect here.
 */
final class HuggingFaceApi {
    private static final List<String> FIELDS = List.of("inputs", "parameters", "options");
    private static final List<String> PARAMETERS =
            List.of("aggregation_strategy", "ignore_labels", "labels", "threshold", "nested", "multi_label");

    private HuggingFaceApi() {}

    static CompletableFuture<Answer> answer(ServedModel model, byte[] body, Duration timeout) {
        JsonNode request = JsonRequests.object(body);
        JsonRequests.refuseUnknownFields(request, "", FIELDS);
        JsonNode inputs = request.get("inputs");
        boolean many = inputs != null && inputs.isArray();
        List<String> texts = many
                ? JsonRequests.strings(inputs, "inputs")
                : List.of(JsonRequests.string(request, "inputs", "inputs"));
        JsonNode parameters = request.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isObject()) {
            throw HttpError.badRequest("parameters must be an object");
        }
        if (parameters.isObject()) {
            JsonRequests.refuseUnknownFields(parameters, "parameters.", PARAMETERS);
        }
        EntityTypes types = model.types(
                RequestOptions.read(parameters, "parameters.", "aggregation_strategy"), "send \"parameters.labels\"");
        Set<String> ignored = parameters.hasNonNull("ignore_labels")
                ? Set.copyOf(JsonRequests.strings(parameters.get("ignore_labels"), "parameters.ignore_labels"))
                : Set.of();
        String labelKey = model.recognizer().config().tokenDecoding().aggregation() == Aggregation.NONE
                ? "entity"
                : "entity_group";
        return model.tag(texts, types, timeout).thenApply(results -> {
            List<List<Map<String, Object>>> answers = new ArrayList<>();
            for (List<Entity> entities : results) {
                answers.add(elements(entities, ignored, labelKey));
            }
            return JsonRequests.answer(many ? answers : answers.get(0));
        });
    }

    private static List<Map<String, Object>> elements(List<Entity> entities, Set<String> ignored, String labelKey) {
        List<Map<String, Object>> elements = new ArrayList<>();
        for (Entity entity : entities) {
            if (ignored.contains(entity.label())) {
                continue;
            }
            Map<String, Object> element = new LinkedHashMap<>();
            element.put(labelKey, entity.label());
            element.put("score", entity.score());
            element.put("word", entity.text());
            element.put("start", entity.start());
            element.put("end", entity.end());
            elements.add(element);
        }
        return elements;
    }
}
