package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.EntityTypes;
import io.github.bertner.TokenSpan;
import io.github.bertner.conll.LabelMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.uima.cas.text.AnnotationFS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INCEpTION's external recommender protocol (v1): {@code POST /{model}/predict} reads the document's CAS with the
 * request's type system, tags each sentence's tokens inside {@code metadata.range} (host-token mode, so that every
 * prediction covers whole INCEpTION tokens), and answers {@code {"document": XMI}} with the whole CAS plus the
 * predictions: annotations of {@code metadata.layer} with the label in {@code metadata.feature}, its score in
 * {@code <feature>_score} and {@code inception_internal_predicted} set. A token classifier's labels are renamed by
 * the label map (MISC to OTH; to O drops them); a zero-shot model is asked for the project's tags of that layer and feature
 * ({@code tagsets}, INCEpTION 41 and later), each by its description's first words where it has one. A request of
 * an annotator ({@code document.userId}) for whom the model was trained runs on that annotator's model.
 *
 * <p>{@code POST /{model}/train} answers 204 at once. With {@code serve --trainable}, a token classifier is then
 * fine-tuned in the background on the annotator's annotations ({@link InceptionTrainingData}, {@link TrainingWorker});
 * 429 while it trains for that annotator already. Otherwise, and for a zero-shot model, nothing is learnt.
 */
final class InceptionApi {
    /** How INCEpTION names the types a zero-shot model is asked for: the tags of the layer's tagset. */
    private static final String NAME_TYPES = "give the layer's feature a tagset in INCEpTION (41 and later send its"
            + " tags, each tag's description its prompt)";

    private static final Logger LOG = LoggerFactory.getLogger(InceptionApi.class);

    private final Map<String, String> labelMap;
    private final Map<String, TrainedModels> trained;
    private final TrainingWorker trainer;

    /**
     * @param labelMap model label to project tag
     * @param trained the models each served model was trained into, by its name
     * @param trainer trains on train requests; null where the server does not train
     */
    InceptionApi(Map<String, String> labelMap, Map<String, TrainedModels> trained, TrainingWorker trainer) {
        this.labelMap = labelMap;
        this.trained = trained;
        this.trainer = trainer;
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
        List<String[]> tokens = new ArrayList<>(sentences.size());
        for (List<AnnotationFS> sentence : sentences) {
            tokens.add(sentence.stream().map(AnnotationFS::getCoveredText).toArray(String[]::new));
        }
        String user =
                JsonRequests.identifier(request.path("document"), "userId").orElse(null);
        TrainedModels.Lease lease = trained.get(model.name()).lease(user);
        try {
            List<ProjectTags.Tag> tags = ProjectTags.of(request.path("tagsets"), layerName, featureName);
            return predict(lease.model(), tags, layer, document, sentences, tokens, timeout)
                    .whenComplete((answer, failure) -> lease.close());
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private CompletableFuture<Answer> predict(
            ServedModel model,
            List<ProjectTags.Tag> tags,
            CasDocument.Layer layer,
            CasDocument document,
            List<List<AnnotationFS>> sentences,
            List<String[]> tokens,
            Duration timeout) {
        Labels labels = labels(model, tags);
        return model.tagTokens(tokens, labels.types(), timeout).thenApply(spans -> {
            for (int s = 0; s < sentences.size(); s++) {
                List<AnnotationFS> sentence = sentences.get(s);
                for (TokenSpan span : spans.get(s)) {
                    String tag = labels.tagOf(span.label());
                    if (!tag.equals(LabelMap.DROPPED)) {
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

    /**
     * {@code POST /{model}/train}: 204 once the request is read and its training queued (or where nothing is learnt).
     *
     * @throws HttpError 400 naming the field or document that cannot be read; 429 while the model trains for the
     *     annotator
     */
    Answer train(ServedModel model, byte[] body) {
        if (model.isZeroShot()) {
            LOG.info("Model '{}' is a zero-shot span model: it does not learn from train requests", model.name());
            return Answer.noContent();
        }
        if (trainer == null) {
            LOG.info("Model '{}' does not learn from train requests: start the server with --trainable", model.name());
            return Answer.noContent();
        }
        InceptionTrainingData data = InceptionTrainingData.read(body, labelMap);
        if (data.aligned() > 0 || data.skipped() > 0) {
            LOG.info(
                    "Model '{}', user '{}': {} annotations widened to the tokens they overlap, {} left out (on no"
                            + " token, across sentences, or overlapping another)",
                    model.name(),
                    data.userId(),
                    data.aligned(),
                    data.skipped());
        }
        if (data.annotations() == 0) {
            LOG.info(
                    "Model '{}', user '{}': the train request has no annotations of the layer; nothing to learn",
                    model.name(),
                    data.userId());
            return Answer.noContent();
        }
        trainer.submit(trained.get(model.name()), data);
        return Answer.noContent();
    }
}
