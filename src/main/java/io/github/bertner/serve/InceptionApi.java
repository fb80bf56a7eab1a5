package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.EntityTypes;
import io.github.bertner.TokenSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.uima.cas.text.AnnotationFS;

/**
 * INCEpTION's external recommender protocol (v1): {@code POST /{model}/predict} reads the document's CAS with the
 * request's type system, tags each sentence's tokens inside {@code metadata.range} (host-token mode, so that every
 * prediction covers whole INCEpTION tokens), and answers {@code {"document": XMI}} with the whole CAS plus the
 * predictions: annotations of {@code metadata.layer} with the label in {@code metadata.feature}, its score in
 * {@code <feature>_score} and {@code inception_internal_predicted} set. A token classifier's labels are renamed by
 * the label map (MISC to OTH; to O drops them); a zero-shot model is asked for the project's tags of that layer and feature
 * ({@code tagsets}, INCEpTION 41 and later), each by its description's first words where it has one.
 * {@code POST /{model}/train} answers 204: the models are not trained by the service.
 */
final class InceptionApi {
    /** The target of a label map rule that drops the label's predictions ({@code MISC=O}). */
    private static final String DROPPED = "O";

    /** How INCEpTION names the types a zero-shot model is asked for: the tags of the layer's tagset. */
    private static final String NAME_TYPES = "give the layer's feature a tagset in INCEpTION (41 and later send its"
            + " tags, each tag's description its prompt)";

    private final Map<String, String> labelMap;

    InceptionApi(Map<String, String> labelMap) {
        this.labelMap = labelMap;
    }

    CompletableFuture<Answer> predict(ServedModel model, byte[] body, Duration timeout) {
        JsonNode request = JsonRequests.object(body);
        JsonNode metadata = request.path("metadata");
        String layerName = JsonRequests.string(metadata, "layer", "metadata.layer");
        String featureName = JsonRequests.string(metadata, "feature", "metadata.feature");
        String typeSystem = JsonRequests.string(request, "typeSystem", "typeSystem");
        String xmi = JsonRequests.string(request.path("document"), "xmi", "document.xmi");
        CasDocument document = CasDocument.read(typeSystem, xmi);
        CasDocument.Layer layer = document.layer(layerName, featureName);
        int[] range = range(metadata.path("range"), document.length());
        List<List<AnnotationFS>> sentences = document.sentences(range[0], range[1]);
        Labels labels = labels(model, ProjectTags.of(request.path("tagsets"), layerName, featureName));
        List<String[]> tokens = new ArrayList<>(sentences.size());
        for (List<AnnotationFS> sentence : sentences) {
            tokens.add(sentence.stream().map(AnnotationFS::getCoveredText).toArray(String[]::new));
        }
        return model.tagTokens(tokens, labels.types(), timeout).thenApply(spans -> {
            for (int s = 0; s < sentences.size(); s++) {
                List<AnnotationFS> sentence = sentences.get(s);
                for (TokenSpan span : spans.get(s)) {
                    String tag = labels.tagOf(span.label());
                    if (!tag.equals(DROPPED)) {
                        document.predict(
                                layer,
                                sentence.get(span.start()).getBegin(),
                                sentence.get(span.end() - 1).getEnd(),
                                tag,
                                span.score());
                    }
                }
            }
            return JsonRequests.answer(Map.of("document", document.xmi()));
        });
    }

    /** The range to predict in: {@code metadata.range}, clipped to the document, or the whole document. */
    private static int[] range(JsonNode range, int length) {
        if (range.isMissingNode() || range.isNull()) {
            return new int[] {0, length};
        }
        if (!range.path("begin").canConvertToInt() || !range.path("end").canConvertToInt()) {
            throw HttpError.badRequest("metadata.range must have integer begin and end");
        }
        int begin = range.get("begin").intValue();
        int end = range.get("end").intValue();
        if (begin > end) {
            throw HttpError.badRequest(
                    "metadata.range begins at " + begin + " after it ends at " + end + ": begin must not exceed end");
        }
        int clippedBegin = Math.min(Math.max(0, begin), length);
        return new int[] {clippedBegin, Math.max(clippedBegin, Math.min(length, end))};
    }

    /** What to ask the model for, and how its labels become the project's tags. */
    private Labels labels(ServedModel model, List<ProjectTags.Tag> tags) {
        if (!model.isZeroShot()) {
            return new Labels(model.types(RequestOptions.naming(Optional.empty()), NAME_TYPES), Map.copyOf(labelMap));
        }
        if (tags.isEmpty()) {
            return new Labels(model.types(RequestOptions.naming(Optional.empty()), NAME_TYPES), Map.of());
        }
        Map<String, String> tagsByPrompt = new LinkedHashMap<>();
        tags.forEach(tag -> tagsByPrompt.putIfAbsent(tag.prompt(), tag.tag()));
        EntityTypes named = EntityTypes.of(List.copyOf(tagsByPrompt.keySet()));
        EntityTypes defaults = model.defaultTypes();
        if (defaults.threshold().isPresent()) {
            named = named.withThreshold(defaults.threshold().getAsDouble());
        }
        return new Labels(model.types(RequestOptions.naming(Optional.of(named)), NAME_TYPES), tagsByPrompt);
    }

    /**
     * The types a request asks for, and the tag each label the model gives becomes.
     *
     * @param types the entity types
     * @param tags model label to project tag, for those that differ
     */
    private record Labels(EntityTypes types, Map<String, String> tags) {
        String tagOf(String label) {
            return tags.getOrDefault(label, label);
        }
    }

    /** {@code POST /{model}/train}: nothing to train. */
    static Answer train(ServedModel model) {
        model.recognizer();
        return Answer.noContent();
    }
}
