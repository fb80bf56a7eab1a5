package io.github.bertner.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.train.LabeledSentence;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A train request becomes training sentences over INCEpTION's tokens: the annotator's own annotations (not earlier
 * suggestions), tags renamed back to the model's labels, annotations that end inside a token widened to it, documents
 * not yet annotated left out; a request that mixes annotators or holds no documents is refused.
 */
class InceptionTrainingDataTest {
    private static final String[][] FIRST = {
        {"Mette", "Frederiksen", "bor", "i", "København", "."}, {"Hun", "smiler", "."}
    };
    private static final String[][] SECOND = {{"Ingen", "navne", "her", "."}};

    private static Map<String, Object> document(InceptionDocument document, int id, String user) throws Exception {
        return ServeFixture.object("xmi", document.xmi(), "documentId", id, "userId", user);
    }

    private static byte[] request(InceptionDocument typeSystemOf, List<Map<String, Object>> documents)
            throws Exception {
        Map<String, Object> metadata = ServeFixture.object("layer", InceptionDocument.NAMED_ENTITY, "feature", "value");
        return ServeFixture.json(ServeFixture.object(
                        "typeSystem", typeSystemOf.typeSystemXml(), "documents", documents, "metadata", metadata))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theAnnotatorsOwnAnnotationsAreLearntOnTheDocumentsTokens() throws Exception {
        InceptionDocument first = new InceptionDocument(FIRST);
        first.annotate(0, 0, 1, "PER");
        first.annotate(0, 4, 4, "OTH");
        first.predicted(1, 0, 0, "PER");
        InceptionDocument second = new InceptionDocument(SECOND);
        InceptionTrainingData data = InceptionTrainingData.read(
                request(first, List.of(document(first, 1, "alice"), document(second, 2, "alice"))),
                Map.of("MISC", "OTH", "LOC", "O"));
        assertThat(data.userId()).isEqualTo("alice");
        assertThat(data.documents())
                .as("the document without annotations is left out")
                .isOne();
        assertThat(data.annotations()).isEqualTo(2);
        assertThat(data.sentences()).hasSize(2);
        LabeledSentence sentence = data.sentences().get(0);
        assertThat(sentence.words()).containsExactly(FIRST[0]);
        assertThat(sentence.labels()).containsExactly("B-PER", "I-PER", "O", "O", "B-MISC", "O");
        assertThat(data.sentences().get(1).labels())
                .as("an earlier suggestion is not learnt")
                .containsExactly("O", "O", "O");
    }

    @Test
    void anAnnotationThatEndsInsideATokenIsWidenedAndCounted() throws Exception {
        InceptionDocument first = new InceptionDocument(FIRST);
        first.annotateCharacters(first.tokenBegin(0, 4), first.tokenEnd(0, 4) - 3, "LOC");
        InceptionTrainingData data =
                InceptionTrainingData.read(request(first, List.of(document(first, 1, "alice"))), Map.of());
        assertThat(data.aligned()).isOne();
        assertThat(data.sentences().get(0).labels()).containsExactly("O", "O", "O", "O", "B-LOC", "O");
    }

    @Test
    void aRequestOfTwoAnnotatorsOrOfNoDocumentsIsRefused() throws Exception {
        InceptionDocument first = new InceptionDocument(FIRST);
        assertThatThrownBy(() -> InceptionTrainingData.read(
                        request(first, List.of(document(first, 1, "alice"), document(first, 2, "bob"))), Map.of()))
                .isInstanceOf(HttpError.class)
                .hasMessageContaining("documents[1] (documentId 2).userId is 'bob'");
        assertThatThrownBy(() -> InceptionTrainingData.read(request(first, List.of()), Map.of()))
                .isInstanceOf(HttpError.class)
                .hasMessageContaining("documents is empty");
    }
}
