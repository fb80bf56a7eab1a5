package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.tagger.Tagger;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.Subwords;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Assertions of a model directory against an architecture's golden output made by transformers (see
 * {@link ArchitectureFixtures}): the pipeline's entities for all five strategies (with semantics.md's same-start
 * rule, and without the entities that cover no character), the labels of transformers' word ids in host-token mode,
 * and the shape every output must have (no empty entity, no overlapping word-level entities).
 */
public final class ArchitecturesParity {
    private static final double SCORE_TOLERANCE = 1e-4;

    private ArchitecturesParity() {}

    /** Asserts that a model directory gives the pipeline entities of an architecture's golden output. */
    public static void assertEqualsPipeline(Path model, JsonNode expected) throws ModelLoadException {
        List<String> texts = ArchitectureFixtures.texts(expected.get("texts"));
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (Aggregation aggregation : Aggregation.values()) {
            JsonNode outputs = expected.get("pipeline").get(aggregation.name().toLowerCase(Locale.ROOT));
            try (Tagger tagger = TestModels.tagger(
                    model, RecognizerConfig.builder().aggregation(aggregation).build())) {
                List<List<Entity>> actual = tagger.tag(withFirstWords(texts));
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

    /**
     * The texts, then each text's first word as a text of its own: short inputs beside long ones, which a graph that
     * packs runs in the long ones' rows.
     */
    private static List<String> withFirstWords(List<String> texts) {
        List<String> all = new ArrayList<>(texts);
        texts.forEach(text -> all.add(text.split(" ")[0]));
        return all;
    }

    /**
     * Asserts that semantics.md's same-start rule is the only departure from the unpatched pipeline: for the
     * word-level strategies, on a text where no sub-token starts where the one before it starts, the entities equal
     * transformers' own, unpatched output; on a text where the rule fires, every entity that differs from the
     * unpatched output covers an offset where two sub-tokens start, or overlaps an entity (of either output) that
     * covers one: the merged word's label can carry its entity over the words after it, as grouping does.
     *
     * @return how many texts the rule fired on
     */
    public static int assertOnlyTheSameStartRuleDeparts(Path model, JsonNode expected) throws ModelLoadException {
        List<String> texts = ArchitectureFixtures.texts(expected.get("texts"));
        List<java.util.Set<Integer>> sameStarts = new ArrayList<>();
        try (SubwordEncoder encoder = new SubwordEncoder(io.github.bertner.tokenizer.TokenizerDefinition.of(model))) {
            for (String text : texts) {
                sameStarts.add(sameStarts(encoder.encode(text)));
            }
        }
        List<String> departures = new ArrayList<>();
        for (Aggregation aggregation : List.of(Aggregation.FIRST, Aggregation.AVERAGE, Aggregation.MAX)) {
            JsonNode outputs = expected.get("unpatched").get(aggregation.name().toLowerCase(Locale.ROOT));
            try (Tagger tagger = TestModels.tagger(
                    model, RecognizerConfig.builder().aggregation(aggregation).build())) {
                List<List<Entity>> actual = tagger.tag(withFirstWords(texts));
                for (int t = 0; t < texts.size(); t++) {
                    List<Entity> unpatched = entities(texts.get(t), outputs.get(t));
                    if (sameStarts.get(t).isEmpty()) {
                        if (!same(unpatched, actual.get(t))) {
                            departures.add(aggregation + " " + t + ": " + difference(unpatched, actual.get(t)));
                        }
                        continue;
                    }
                    java.util.Set<Integer> offsets = sameStarts.get(t);
                    List<Entity> merged = new ArrayList<>(unpatched);
                    merged.addAll(actual.get(t));
                    merged.removeIf(entity -> !covers(entity, offsets));
                    for (Entity entity : differing(unpatched, actual.get(t))) {
                        if (merged.stream().noneMatch(m -> m.start() < entity.end() && entity.start() < m.end())) {
                            departures.add(aggregation + " " + t + ": " + entity + " is apart from the same-start"
                                    + " offsets " + offsets);
                        }
                    }
                }
            }
        }
        assertThat(departures).isEmpty();
        return (int) sameStarts.stream().filter(offsets -> !offsets.isEmpty()).count();
    }

    private static boolean covers(Entity entity, java.util.Set<Integer> offsets) {
        return offsets.stream().anyMatch(offset -> entity.start() <= offset && offset < entity.end());
    }

    /** The offsets where a sub-token starts where the one before it starts. */
    private static java.util.Set<Integer> sameStarts(Subwords subwords) {
        java.util.Set<Integer> offsets = new java.util.TreeSet<>();
        for (int i = 1; i < subwords.size(); i++) {
            if (subwords.starts()[i] == subwords.starts()[i - 1]) {
                offsets.add(subwords.starts()[i]);
            }
        }
        return offsets;
    }

    /** The entities of either list that the other lacks (label, offsets and score). */
    private static List<Entity> differing(List<Entity> a, List<Entity> b) {
        List<Entity> differing = new ArrayList<>();
        a.stream()
                .filter(x -> b.stream().noneMatch(y -> same(List.of(x), List.of(y))))
                .forEach(differing::add);
        b.stream()
                .filter(y -> a.stream().noneMatch(x -> same(List.of(x), List.of(y))))
                .forEach(differing::add);
        return differing;
    }

    /** Asserts that host-token mode labels each word as transformers' word ids do, for the word-level strategies. */
    public static void assertEqualsWordLabels(Path model, JsonNode expected) throws ModelLoadException {
        List<String[]> sentences = ArchitectureFixtures.sentences(expected);
        try (Tagger none = TestModels.tagger(
                model, RecognizerConfig.builder().aggregation(Aggregation.NONE).build())) {
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
            try (Tagger tagger = TestModels.tagger(
                    model, RecognizerConfig.builder().aggregation(aggregation).build())) {
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

    /**
     * The entities of a pipeline output in this project's reference format ({@code [label, start, end, score]},
     * code point offsets), with UTF-16 offsets, without those that cover no character.
     */
    static List<Entity> entities(String text, JsonNode output) {
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
    public static void assertWellFormed(Aggregation aggregation, List<Entity> entities) {
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
