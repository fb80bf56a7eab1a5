package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/models/{model}/entities}: {@code {"text": "…"}} answers {@code tag}'s JSON object for the text
 * ({@code {"text", "entities": [{label, start, end, score, text}]}}, UTF-16 offsets); {@code {"texts": […]}} answers
 * {@code {"results": [one such object per text]}}; {@code {"tokens": ["…", …]}} (host-token mode) answers
 * {@code {"tokens", "entities": [{start, end, label, score}]}} with token indices (end exclusive), and an array of
 * such arrays {@code {"results": […]}}. Optional: {@code labels}, {@code threshold}, {@code aggregation}, and for a
 * zero-shot model {@code nested} and {@code multi_label} (GLiNER's {@code flat_ner=False} and {@code multi_label}).
 */
final class EntitiesApi {
    private static final List<String> INPUTS = List.of("text", "texts", "tokens");
    private static final List<String> FIELDS = concat(INPUTS, RequestOptions.FIELDS);

    private EntitiesApi() {}

    static CompletableFuture<Answer> answer(ServedModel model, byte[] body, Duration timeout) {
        JsonNode request = JsonRequests.object(body);
        List<String> given = INPUTS.stream().filter(request::has).toList();
        if (given.size() != 1) {
            throw HttpError.badRequest("the body must have exactly one of \"text\", \"texts\" and \"tokens\"");
        }
        JsonRequests.refuseUnknownFields(request, "", FIELDS);
        EntityTypes types = model.types(RequestOptions.read(request, "", "aggregation"), "send \"labels\"");
        return switch (given.get(0)) {
            case "text" -> {
                List<String> texts = List.of(JsonRequests.string(request, "text", "text"));
                yield model.tag(texts, types, timeout)
                        .thenApply(entities -> JsonRequests.answer(textResult(texts.get(0), entities.get(0))));
            }
            case "texts" -> {
                List<String> texts = JsonRequests.strings(request.get("texts"), "texts");
                yield model.tag(texts, types, timeout)
                        .thenApply(entities -> JsonRequests.answer(Map.of("results", textResults(texts, entities))));
            }
            default -> tokens(model, request.get("tokens"), types, timeout);
        };
    }

    private static CompletableFuture<Answer> tokens(
            ServedModel model, JsonNode tokens, EntityTypes types, Duration timeout) {
        boolean many = tokens != null
                && tokens.isArray()
                && tokens.size() > 0
                && tokens.get(0).isArray();
        List<String[]> sentences = new ArrayList<>();
        if (many) {
            for (int i = 0; i < tokens.size(); i++) {
                sentences.add(sentence(tokens.get(i), "tokens[" + i + "]"));
            }
        } else {
            sentences.add(sentence(tokens, "tokens"));
        }
        return model.tagTokens(sentences, types, timeout).thenApply(spans -> {
            List<Map<String, Object>> results = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("tokens", sentences.get(i));
                result.put("entities", spans.get(i));
                results.add(result);
            }
            return JsonRequests.answer(many ? Map.of("results", results) : results.get(0));
        });
    }

    /** A sentence's tokens; an empty or white-space token is {@code O}, as in every other mode. */
    private static String[] sentence(JsonNode node, String path) {
        return JsonRequests.strings(node, path).toArray(String[]::new);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static List<Map<String, Object>> textResults(List<String> texts, List<List<Entity>> entities) {
        List<Map<String, Object>> results = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            results.add(textResult(texts.get(i), entities.get(i)));
        }
        return results;
    }

    private static Map<String, Object> textResult(String text, List<Entity> entities) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("text", text);
        result.put("entities", entities);
        return result;
    }
}
