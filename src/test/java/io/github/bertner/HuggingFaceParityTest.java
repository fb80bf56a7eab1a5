package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.ConversionOptions;
import io.github.bertner.tagger.Tagger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Raw-text mode against the Hugging Face pipeline's own output for the 565 DaNE test sentences
 * (testdata/parity, made with transformers and torch from the same weights).
 */
@Tag("parity")
class HuggingFaceParityTest {
    private static JsonNode reference;
    private static List<String> texts;

    @TempDir
    Path temp;

    @BeforeAll
    static void readReference() throws IOException {
        reference = new ObjectMapper().readTree(TestModels.PARITY.toFile());
        texts = new ArrayList<>();
        reference.get("texts").forEach(t -> texts.add(t.asText()));
    }

    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void entitiesEqualTheHuggingFacePipeline(Aggregation aggregation) throws Exception {
        try (Tagger tagger = TestModels.mini(aggregation)) {
            assertEqualsPipeline(tagger, aggregation);
        }
    }

    /**
     * The demo model's checkpoint converted in Java, whose graph packs short sentences into the rows of long ones:
     * the same entities.
     */
    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void theConvertedModelPacksRowsAndFindsThePipelinesEntities(Aggregation aggregation) throws Exception {
        Path converted = temp.resolve("converted-" + aggregation);
        CheckpointConverter.convert(TestModels.MINI_CHECKPOINT, converted, ConversionOptions.DEFAULTS);
        try (Tagger tagger = TestModels.tagger(
                converted, RecognizerConfig.builder().aggregation(aggregation).build())) {
            List<String[]> sentences = new ArrayList<>();
            texts.forEach(text -> sentences.add(text.split(" ")));
            assertThat(tagger.inferenceBatches(sentences))
                    .anyMatch(batch -> batch.rows().stream().anyMatch(row -> row.size() > 1));
            assertEqualsPipeline(tagger, aggregation);
        }
    }

    /** Asserts that the tagger finds the reference entities of every DaNE test text. */
    static void assertEqualsPipeline(Tagger tagger, Aggregation aggregation) throws IOException {
        if (reference == null) {
            readReference();
        }
        JsonNode expected = reference.get("outputs").get(aggregation.name().toLowerCase(Locale.ROOT));
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        List<List<Entity>> actual = tagger.tag(texts);
        for (int i = 0; i < texts.size(); i++) {
            List<String> want = describe(texts.get(i), expected.get(i), aggregation);
            List<String> got = describe(actual.get(i));
            compared += want.size();
            if (!want.equals(got) || !scoresClose(expected.get(i), actual.get(i))) {
                mismatches.add(i + ": want " + want + " got " + got);
            }
        }
        assertThat(compared).as("reference entities compared").isGreaterThan(400);
        assertThat(mismatches).isEmpty();
    }

    private static List<String> describe(String text, JsonNode entities, Aggregation aggregation) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : entities) {
            String label = aggregation == Aggregation.NONE
                    ? e.get("entity").asText()
                    : e.get("entity_group").asText();
            int start = text.offsetByCodePoints(0, e.get("start").asInt());
            int end = text.offsetByCodePoints(0, e.get("end").asInt());
            out.add(label + "[" + start + "," + end + ")");
        }
        return out;
    }

    private static List<String> describe(List<Entity> entities) {
        List<String> out = new ArrayList<>();
        for (Entity e : entities) {
            out.add(e.label() + "[" + e.start() + "," + e.end() + ")");
        }
        return out;
    }

    private static boolean scoresClose(JsonNode expected, List<Entity> actual) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (Math.abs(expected.get(i).get("score").asDouble() - actual.get(i).score()) > 1e-4) {
                return false;
            }
        }
        return true;
    }
}
