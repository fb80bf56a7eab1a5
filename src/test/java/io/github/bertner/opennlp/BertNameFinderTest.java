package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.bertner.Aggregation;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Token-index spans from the test model, on hand-made sentences. */
@Tag("framework")
class BertNameFinderTest {
    /** DaNE test sentence 27; both words of the name are several word pieces. */
    private static final String[] NEWCOMER = "Det var samme år , at Poul-Erik Billeskov kom til byen .".split(" ");

    private static final String[] WORKER =
            "Jeg hedder Kasper Hansen og bor i København , hvor jeg arbejder for Novo Nordisk .".split(" ");
    /** Tokens the model's tokenizer turns into no word piece at all. */
    private static final List<String> DROPPED = List.of("", "  ", "\u200B", "\u0007", "\t", "\u00AD");

    private static BertNameFinder finder;

    @BeforeAll
    static void load() throws ModelLoadException {
        finder = BertNameFinder.load(TestModels.MINI);
    }

    @AfterAll
    static void close() {
        finder.close();
    }

    @Test
    void spansAreTokenIndicesOverMultiPieceWords() throws IOException {
        assertThat(pieces("Poul-Erik")).containsExactly("poul", "-", "erik");
        assertThat(pieces("Billeskov")).containsExactly("bille", "##skov");

        Span[] names = finder.find(NEWCOMER);

        assertThat(names).containsExactly(new Span(6, 8, "PER"));
        assertThat(Span.spansToStrings(names, NEWCOMER)).containsExactly("Poul-Erik Billeskov");
        assertThat(names[0].getProb()).isBetween(0.5, 1.0);
    }

    @Test
    void punctuationTokensKeepTheirIndices() {
        Span[] names = finder.find(WORKER);

        assertThat(names).containsExactly(new Span(2, 4, "PER"), new Span(7, 8, "LOC"), new Span(14, 15, "ORG"));
        assertThat(Span.spansToStrings(names, WORKER)).containsExactly("Kasper Hansen", "København", "Nordisk");
        for (Span name : names) {
            assertThat(name.getProb()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void droppedTokensDoNotShiftTheSpansAfterThem() {
        Span[] plain = finder.find(WORKER);
        for (String dropped : DROPPED) {
            // before the sentence, between two entities, before a comma, and at the end
            String[] padded = insert(WORKER, dropped, 0, 4, 8, WORKER.length);
            Span[] names = finder.find(padded);

            assertThat(names)
                    .as("with %s", Arrays.toString(dropped.toCharArray()))
                    .containsExactly(new Span(3, 5, "PER"), new Span(9, 10, "LOC"), new Span(17, 18, "ORG"));
            for (int i = 0; i < names.length; i++) {
                assertThat(names[i].getProb()).isCloseTo(plain[i].getProb(), within(1e-6));
                assertThat(Span.spansToStrings(names, padded)[i]).isEqualTo(Span.spansToStrings(plain, WORKER)[i]);
            }
        }
    }

    @Test
    void aSentenceOfOnlyDroppedTokensHasNoNames() {
        assertThat(finder.find(DROPPED.toArray(String[]::new))).isEmpty();
        assertThat(finder.find(new String[0])).isEmpty();
    }

    @Test
    void theCallersArrayIsNotModified() {
        String[] tokens = {"  Kasper", "HANSEN", "", "\u200B", "bor", "i", "København"};
        String[] copy = tokens.clone();

        finder.find(tokens);
        finder.findAll(List.<String[]>of(tokens));

        assertThat(tokens).containsExactly(copy);
    }

    @Test
    void aNullTokenIsRejectedByName() {
        assertThatThrownBy(() -> finder.find(new String[] {"Kasper", null}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens[1]");
        assertThatThrownBy(() -> finder.find((String[]) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens");
        assertThatThrownBy(() -> finder.findAll(List.<String[]>of(WORKER, new String[] {"a", "b", null})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sentences[1][2]");
        assertThatThrownBy(() -> finder.findAll(Arrays.<String[]>asList(WORKER, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sentences[1]");
        assertThatThrownBy(() -> finder.findAll(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sentences");
    }

    @Test
    void theBatchGivesWhatEachSentenceGives() {
        List<String[]> sentences = List.<String[]>of(NEWCOMER, WORKER, new String[0], insert(WORKER, "", 0));

        List<Span[]> batch = finder.findAll(sentences);

        assertThat(batch).hasSize(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            Span[] single = finder.find(sentences.get(i));
            assertThat(batch.get(i)).containsExactly(single);
            for (int k = 0; k < single.length; k++) {
                assertThat(batch.get(i)[k].getProb()).isCloseTo(single[k].getProb(), within(1e-5));
            }
        }
        assertThat(finder.findAll(List.of())).isEmpty();
    }

    @Test
    void clearAdaptiveDataChangesNothing() {
        Span[] before = finder.find(WORKER);
        finder.clearAdaptiveData();
        Span[] after = finder.find(WORKER);

        assertThat(after).containsExactly(before);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i].getProb()).isEqualTo(before[i].getProb());
        }
    }

    @Test
    void otherAggregationsAlsoGiveTypesWithoutPrefix() throws ModelLoadException {
        for (Aggregation aggregation : List.of(Aggregation.SIMPLE, Aggregation.AVERAGE, Aggregation.MAX)) {
            try (BertNameFinder other = OpenNlpTestData.finder(aggregation)) {
                for (Span name : other.find(WORKER)) {
                    assertThat(name.getType()).as(aggregation.name()).isIn("PER", "LOC", "ORG");
                }
            }
        }
    }

    @Test
    void aggregationNoneIsRejectedBecauseItGivesNoEntities() {
        RecognizerConfig none =
                RecognizerConfig.builder().aggregation(Aggregation.NONE).build();

        assertThatThrownBy(() -> BertNameFinder.load(TestModels.MINI, none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NONE");
    }

    @Test
    void closeIsIdempotentAndEndsTheFinder() throws ModelLoadException {
        BertNameFinder own = BertNameFinder.load(TestModels.MINI);
        own.close();
        own.close();

        assertThatThrownBy(() -> own.find(WORKER)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> own.findAll(List.<String[]>of(WORKER))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> own.recognizer().tagTokens(WORKER, EntityTypes.model()))
                .as("an owned tagger is closed with the finder")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMissingModelDirectoryIsReportedByName() {
        Path missing = TestModels.MISSING;

        assertThatThrownBy(() -> BertNameFinder.load(missing))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("no-such-model");
    }

    private static List<String> pieces(String word) throws IOException {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(
                TestModels.MINI.resolve("tokenizer.json"), Map.of("addSpecialTokens", "false"))) {
            return Arrays.asList(tokenizer.encode(word).getTokens());
        }
    }

    /** A copy of {@code tokens} with {@code extra} inserted before each of the given original indices. */
    private static String[] insert(String[] tokens, String extra, int... before) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= tokens.length; i++) {
            for (int position : before) {
                if (position == i) {
                    out.add(extra);
                }
            }
            if (i < tokens.length) {
                out.add(tokens[i]);
            }
        }
        return out.toArray(String[]::new);
    }
}
