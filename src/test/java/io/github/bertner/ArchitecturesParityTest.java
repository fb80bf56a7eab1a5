package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX exports of tiny models of every architecture (BERT, DistilBERT, ELECTRA, RoBERTa, XLM-RoBERTa,
 * CamemBERT, DeBERTa-v2, ModernBERT) against transformers' own output for them: in raw-text mode the pipeline's
 * entities (with semantics.md's same-start rule, and without the entities that cover no character) for all five
 * strategies, in host-token mode the labels that transformers' word ids give; with tokenizer.json and with only the
 * original tokenizer files. Over every output: no word-level entities overlap, and none is empty.
 */
@Tag("parity")
class ArchitecturesParityTest {
    private static final double SCORE_TOLERANCE = 1e-4;

    @TempDir
    Path temp;

    static Stream<Arguments> exports() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : ArchitectureFixtures.NAMES) {
            cases.add(Arguments.of(name, false));
            if (ArchitectureFixtures.WITH_ORIGINAL_FILES.contains(name)) {
                cases.add(Arguments.of(name, true));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, original files only: {1}")
    @MethodSource("exports")
    void rawTextEqualsThePipelineForEveryStrategy(String name, boolean originalFilesOnly) throws IOException {
        Path model = ArchitectureFixtures.exportDirectory(name, originalFilesOnly, temp.resolve(name));
        assertEqualsPipeline(model, ArchitectureFixtures.expected(name));
    }

    @ParameterizedTest(name = "{0}, original files only: {1}")
    @MethodSource("exports")
    void hostTokensEqualTheLabelsOfTransformersWordIds(String name, boolean originalFilesOnly) throws IOException {
        Path model = ArchitectureFixtures.exportDirectory(name, originalFilesOnly, temp.resolve(name));
        assertEqualsWordLabels(model, ArchitectureFixtures.expected(name));
    }

    @ParameterizedTest(name = "{0}, original files only: {1}")
    @MethodSource("exports")
    void aLongTextOfSomeThreeThousandSubwordsIsWindowedWithinThePositionTable(String name, boolean originalFilesOnly)
            throws IOException {
        Path model = ArchitectureFixtures.exportDirectory(name, originalFilesOnly, temp.resolve(name));
        String text = String.join(
                " ",
                ArchitectureFixtures.texts(ArchitectureFixtures.expected(name).get("texts")));
        try (Tagger tagger = Tagger.load(model)) {
            assertThat(tagger.info().maxPositions())
                    .as("positions a window may use")
                    .isEqualTo(512);
            List<Entity> entities = tagger.tag(text);
            assertThat(entities).isNotEmpty();
            assertWellFormed(Aggregation.FIRST, entities);
        }
    }

    /** Asserts that a model directory gives the pipeline entities of an architecture's golden output. */
    static void assertEqualsPipeline(Path model, JsonNode expected) throws ModelLoadException {
        List<String> texts = ArchitectureFixtures.texts(expected.get("texts"));
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Aggregation aggregation : Aggregation.values()) {
            JsonNode outputs = expected.get("pipeline").get(aggregation.name().toLowerCase(Locale.ROOT));
            try (Tagger tagger = Tagger.load(
                    model, TaggerConfig.builder().aggregation(aggregation).build())) {
                List<List<Entity>> actual = tagger.tag(texts);
                for (int t = 0; t < texts.size(); t++) {
                    List<Entity> want = entities(texts.get(t), outputs.get(t));
                    compared += want.size();
                    if (!same(want, actual.get(t))) {
                        mismatches.add(aggregation + " " + t + ": " + difference(want, actual.get(t)));
                    }
                    assertWellFormed(aggregation, actual.get(t));
                }
            }
        }
        assertThat(compared).as("reference entities compared").isGreaterThan(1000);
        assertThat(mismatches).isEmpty();
    }

    /** Asserts that host-token mode labels each word as transformers' word ids do, for the word-level strategies. */
    static void assertEqualsWordLabels(Path model, JsonNode expected) throws ModelLoadException {
        List<String[]> sentences = new ArrayList<>();
        expected.get("sentences")
                .forEach(s -> sentences.add(ArchitectureFixtures.texts(s).toArray(String[]::new)));
        try (Tagger none = Tagger.load(
                model, TaggerConfig.builder().aggregation(Aggregation.NONE).build())) {
            List<TokenLabels> labels = none.labelTokens(sentences);
            for (int s = 0; s < sentences.size(); s++) {
                assertThat(labels.get(s).labels())
                        .as("first sub-token labels of sentence " + s)
                        .containsExactlyElementsOf(ArchitectureFixtures.texts(
                                expected.get("word_labels").get("first").get(s)));
            }
        }
        for (Aggregation aggregation : List.of(Aggregation.FIRST, Aggregation.AVERAGE, Aggregation.MAX)) {
            JsonNode wordLabels =
                    expected.get("word_labels").get(aggregation.name().toLowerCase(Locale.ROOT));
            try (Tagger tagger = Tagger.load(
                    model, TaggerConfig.builder().aggregation(aggregation).build())) {
                List<List<TokenSpan>> spans = tagger.tagTokens(sentences);
                for (int s = 0; s < sentences.size(); s++) {
                    assertThat(spans.get(s))
                            .as(aggregation + " spans of sentence " + s)
                            .extracting(span -> span.label() + " " + span.start() + " " + span.end())
                            .containsExactlyElementsOf(groups(ArchitectureFixtures.texts(wordLabels.get(s))));
                }
            }
        }
    }

    /** The entities of the pipeline's output, UTF-16 offsets, without those that cover no character. */
    private static List<Entity> entities(String text, JsonNode output) {
        List<Entity> entities = new ArrayList<>();
        for (JsonNode entity : output) {
            int start = text.offsetByCodePoints(0, entity.get(1).asInt());
            int end = text.offsetByCodePoints(0, entity.get(2).asInt());
            if (start < end) {
                entities.add(new Entity(
                        entity.get(0).asText(), start, end, entity.get(3).asDouble(), text.substring(start, end)));
            }
        }
        return entities;
    }

    private static boolean same(List<Entity> want, List<Entity> got) {
        if (want.size() != got.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            Entity w = want.get(i);
            Entity g = got.get(i);
            if (!w.label().equals(g.label())
                    || w.start() != g.start()
                    || w.end() != g.end()
                    || Math.abs(w.score() - g.score()) > SCORE_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private static String difference(List<Entity> want, List<Entity> got) {
        List<Entity> missing = new ArrayList<>(want);
        missing.removeIf(w -> got.stream().anyMatch(g -> same(List.of(w), List.of(g))));
        List<Entity> extra = new ArrayList<>(got);
        extra.removeIf(g -> want.stream().anyMatch(w -> same(List.of(w), List.of(g))));
        return "missing " + missing + ", unexpected " + extra;
    }

    /** No entity is empty; word-level entities neither overlap nor come out of order. */
    static void assertWellFormed(Aggregation aggregation, List<Entity> entities) {
        for (int i = 0; i < entities.size(); i++) {
            assertThat(entities.get(i).start())
                    .as("an entity covers a character")
                    .isLessThan(entities.get(i).end());
            if (aggregation.isWordLevel() && i > 0) {
                assertThat(entities.get(i).start())
                        .as("word-level entities do not overlap")
                        .isGreaterThanOrEqualTo(entities.get(i - 1).end());
            }
        }
    }

    /** The pipeline's grouping over whole words: B-X starts an entity, I-X continues one of type X; O dropped. */
    private static List<String> groups(List<String> labels) {
        List<String> groups = new ArrayList<>();
        int open = 0;
        for (int i = 1; i <= labels.size(); i++) {
            if (i == labels.size() || !continues(labels.get(i - 1), labels.get(i), labels.get(open))) {
                String type = type(labels.get(open));
                if (!type.equals("O")) {
                    groups.add(type + " " + open + " " + i);
                }
                open = i;
            }
        }
        return groups;
    }

    private static boolean continues(String previous, String next, String first) {
        return type(next).equals(type(previous)) && !next.startsWith("B-");
    }

    private static String type(String label) {
        return label.startsWith("B-") || label.startsWith("I-") ? label.substring(2) : label;
    }
}
