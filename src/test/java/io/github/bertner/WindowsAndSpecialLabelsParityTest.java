package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.tagger.Tagger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Hugging Face pipeline where the other references do not reach: documents longer than the window, tagged
 * with a stride (a reference made with tokenizers 0.22.2, whose windows are right, see
 * testdata/parity/make-long-documents.py), and special labels ([PAD], [CLS], [SEP]) that the pipeline reports as
 * entities and bert-ner reports only with keepSpecialLabels (testdata/special-labels).
 */
@Tag("parity")
class WindowsAndSpecialLabelsParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double SCORE_TOLERANCE = 1e-4;

    @Test
    void longDocumentsWithAStrideGiveThePipelinesEntities() throws Exception {
        JsonNode reference = JSON.readTree(
                TestModels.PARITY.resolveSibling("long-documents-pipeline.json").toFile());
        List<String> documents = texts(reference.get("documents"));
        assertThat(reference.get("subwords").get(1).asInt())
                .as("a document of several windows")
                .isGreaterThan(2000);
        int compared = 0;
        for (var outputs : (Iterable<java.util.Map.Entry<String, JsonNode>>) reference.get("outputs")::fields) {
            String[] key = outputs.getKey().split(" ");
            RecognizerConfig config = RecognizerConfig.builder()
                    .aggregation(Aggregation.parse(key[0]))
                    .stride(Integer.parseInt(key[1]))
                    .build();
            try (Tagger tagger = TestModels.tagger(TestModels.MINI, config)) {
                List<List<Entity>> found = tagger.tag(documents);
                for (int d = 0; d < documents.size(); d++) {
                    List<Entity> expected = ArchitecturesParity.entities(
                            documents.get(d), outputs.getValue().get(d));
                    assertSame(outputs.getKey() + ", document " + d, found.get(d), expected);
                    compared += expected.size();
                }
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    @Test
    void specialLabelsAreEntitiesOnlyWhenKept() throws Exception {
        JsonNode reference = JSON.readTree(
                Path.of("testdata", "special-labels", "expected.json").toFile());
        List<String> texts = texts(reference.get("texts"));
        Path checkpoint = Path.of("testdata", "special-labels", "model");
        int special = 0;
        for (Aggregation aggregation : Aggregation.values()) {
            JsonNode outputs = reference.get("outputs").get(aggregation.name().toLowerCase(Locale.ROOT));
            RecognizerConfig.Builder config = RecognizerConfig.builder().aggregation(aggregation);
            try (Tagger kept = TestModels.tagger(
                            checkpoint, config.keepSpecialLabels(true).build());
                    Tagger dropped = TestModels.tagger(
                            checkpoint, config.keepSpecialLabels(false).build())) {
                List<List<Entity>> withSpecials = kept.tag(texts);
                List<List<Entity>> withoutSpecials = dropped.tag(texts);
                for (int t = 0; t < texts.size(); t++) {
                    List<Entity> expected = ArchitecturesParity.entities(texts.get(t), outputs.get(t));
                    assertSame(aggregation + " kept, text " + t, withSpecials.get(t), expected);
                    List<Entity> ordinary = new ArrayList<>(expected);
                    ordinary.removeIf(e -> e.label().startsWith("["));
                    special += expected.size() - ordinary.size();
                    assertSame(aggregation + " dropped, text " + t, withoutSpecials.get(t), ordinary);
                }
            }
        }
        assertThat(special).as("special-label entities in the reference").isGreaterThan(100);
    }

    private static void assertSame(String what, List<Entity> actual, List<Entity> expected) {
        assertThat(actual)
                .as(what)
                .extracting(e -> e.label() + " " + e.start() + " " + e.end())
                .containsExactlyElementsOf(expected.stream()
                        .map(e -> e.label() + " " + e.start() + " " + e.end())
                        .toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).score()).as(what).isCloseTo(expected.get(i).score(), within(SCORE_TOLERANCE));
        }
    }

    private static List<String> texts(JsonNode array) throws IOException {
        List<String> texts = new ArrayList<>();
        array.forEach(text -> texts.add(text.asText()));
        return texts;
    }
}
