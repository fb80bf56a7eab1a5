package io.github.bertner.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.conll.LabelMap;
import io.github.bertner.train.EntityAlignment;
import io.github.bertner.train.LabeledSentence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.text.AnnotationFS;

/**
 * What an INCEpTION {@code train} request teaches: one annotator's documents, read with the request's type system, as
 * training sentences over INCEpTION's own sentences and tokens. The labels are the annotator's annotations of
 * {@code metadata.layer}, its {@code metadata.feature} the label, predictions ({@code inception_internal_predicted})
 * left out, each tag renamed back to the model's label by the label map read backwards (OTH to MISC). A document with
 * none of the annotator's annotations is not yet annotated and is left out.
 *
 * @param userId the annotator
 * @param sentences the training sentences of the annotated documents
 * @param documents the annotated documents
 * @param annotations the annotations learnt from
 * @param aligned annotations that began or ended inside a token and were widened to it
 * @param skipped annotations left out: on no token, across sentences, or overlapping another
 */
record InceptionTrainingData(
        String userId, List<LabeledSentence> sentences, int documents, int annotations, int aligned, int skipped) {

    InceptionTrainingData {
        sentences = List.copyOf(sentences);
    }

    /**
     * Reads a train request.
     *
     * @param body the request body
     * @param labelMap model label to project tag (as predictions are renamed)
     * @throws HttpError 400 naming the field or document that cannot be read
     */
    static InceptionTrainingData read(byte[] body, Map<String, String> labelMap) {
        JsonNode request = JsonRequests.object(body);
        JsonNode metadata = request.path("metadata");
        String layerName = JsonRequests.string(metadata, "layer", "metadata.layer");
        String featureName = JsonRequests.string(metadata, "feature", "metadata.feature");
        String typeSystem = JsonRequests.string(request, "typeSystem", "typeSystem");
        JsonNode documents = request.path("documents");
        if (!documents.isArray()) {
            throw HttpError.badRequest("documents must be an array of {xmi, documentId, userId}");
        }
        Map<String, String> toModel = reversed(labelMap);
        CAS cas = CasDocument.emptyCas(typeSystem);
        String userId = null;
        List<LabeledSentence> sentences = new ArrayList<>();
        int annotated = 0;
        int annotations = 0;
        int aligned = 0;
        int skipped = 0;
        for (int d = 0; d < documents.size(); d++) {
            JsonNode document = documents.get(d);
            String name = "documents[" + d + "]" + documentId(document);
            String user = JsonRequests.identifier(document, "userId")
                    .orElseThrow(() -> HttpError.badRequest(name + ".userId must be the annotator's name"));
            if (userId != null && !userId.equals(user)) {
                throw HttpError.badRequest(name + ".userId is '" + user + "', but documents[0].userId is '" + userId
                        + "': a train request holds one annotator's documents");
            }
            userId = user;
            CasDocument read =
                    CasDocument.read(cas, JsonRequests.string(document, "xmi", name + ".xmi"), name + ".xmi");
            CasDocument.Layer layer = read.layer(layerName, featureName);
            List<EntityAlignment.Entity> entities = new ArrayList<>();
            for (EntityAlignment.Entity entity : read.annotations(layer)) {
                entities.add(new EntityAlignment.Entity(
                        entity.begin(), entity.end(), toModel.getOrDefault(entity.type(), entity.type())));
            }
            if (entities.isEmpty()) {
                continue;
            }
            annotated++;
            List<List<AnnotationFS>> tokens = read.sentences(0, read.length());
            List<EntityAlignment.TokenOffsets> offsets = new ArrayList<>(tokens.size());
            for (List<AnnotationFS> sentence : tokens) {
                offsets.add(new EntityAlignment.TokenOffsets(
                        sentence.stream().mapToInt(AnnotationFS::getBegin).toArray(),
                        sentence.stream().mapToInt(AnnotationFS::getEnd).toArray()));
            }
            EntityAlignment.Aligned onTokens = EntityAlignment.align(offsets, entities);
            annotations += entities.size() - onTokens.skipped();
            aligned += onTokens.aligned();
            skipped += onTokens.skipped();
            for (int s = 0; s < tokens.size(); s++) {
                String[] words =
                        tokens.get(s).stream().map(AnnotationFS::getCoveredText).toArray(String[]::new);
                sentences.add(
                        LabeledSentence.ofEntities(words, onTokens.spans().get(s), name + ", sentence " + (s + 1), 0));
            }
        }
        if (userId == null) {
            throw HttpError.badRequest("documents is empty: a train request has the annotator's documents");
        }
        return new InceptionTrainingData(userId, sentences, annotated, annotations, aligned, skipped);
    }

    /** How a document is named in messages: by its documentId where it has one. */
    private static String documentId(JsonNode document) {
        JsonNode id = document.path("documentId");
        return id.isMissingNode() || id.isNull() ? "" : " (documentId " + id.asText() + ")";
    }

    /** Project tag to model label: the label map backwards (OTH to MISC); a dropped label has no tag to come from. */
    private static Map<String, String> reversed(Map<String, String> labelMap) {
        Map<String, String> reversed = new TreeMap<>();
        new TreeMap<>(labelMap).forEach((label, tag) -> {
            if (!tag.equals(LabelMap.DROPPED)) {
                reversed.putIfAbsent(tag, label);
            }
        });
        return reversed;
    }
}
