package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.tagger.Tagger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Inputs that must give a clear error or a documented result, never a crash or a hang. */
@Tag("framework")
class BadInputTest {
    private static Tagger tagger;

    @BeforeAll
    static void load() throws Exception {
        tagger = TestModels.mini(Aggregation.FIRST);
    }

    @AfterAll
    static void close() {
        tagger.close();
    }

    @Test
    void emptyInputsGiveNoEntities() {
        assertThat(tagger.tag("")).isEmpty();
        assertThat(tagger.tag("   \t ")).isEmpty();
        assertThat(tagger.tag(List.of())).isEmpty();
        assertThat(tagger.tagTokens(new String[0])).isEmpty();
        assertThat(tagger.tag(List.of("", "Chili Jensen bor i København.", "")))
                .hasSize(3)
                .satisfies(
                        r -> assertThat(r.get(0)).isEmpty(),
                        r -> assertThat(r.get(2)).isEmpty());
    }

    @Test
    void tokensWithoutSubwordsAreOutsideAndDoNotShiftTheOthers() {
        String[] plain = {"Chili", "Jensen", "bor", "i", "København", "."};
        String[] padded = {"", "Chili", "Jensen", " ", "bor", "\u200B", "i", "\u0007", "København", "\t", "."};
        List<TokenSpan> expected = tagger.tagTokens(plain);
        List<TokenSpan> actual = tagger.tagTokens(padded);
        int[] map = {1, 2, 4, 6, 8, 10};
        assertThat(expected).extracting(TokenSpan::label).containsExactly("PER", "LOC");
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            TokenSpan want = expected.get(i);
            assertThat(actual.get(i))
                    .isEqualTo(new TokenSpan(map[want.start()], map[want.end() - 1] + 1, want.label(), want.score()));
        }
        TokenLabels labels = tagger.labelTokens(List.<String[]>of(padded)).get(0);
        assertThat(labels.labels()).hasSize(padded.length);
        assertThat(labels.labels().get(0)).isEqualTo("O");
        assertThat(labels.scores()[0]).isEqualTo(1.0);
    }

    @Test
    void aTokenWithoutSubwordsInsideANameSplitsItAsAnyOutsideTokenWould() {
        List<TokenSpan> spans = tagger.tagTokens(new String[] {"Chili", "", "Jensen", "bor", "i", "København", "."});
        assertThat(spans)
                .extracting(TokenSpan::start, TokenSpan::end)
                .startsWith(org.assertj.core.groups.Tuple.tuple(0, 1), org.assertj.core.groups.Tuple.tuple(2, 3));
    }

    @Test
    void aThousandCharacterTokenIsOneUnknownWord() {
        String[] tokens = {"Chili", "x".repeat(1000), "bor", "i", "København"};
        TokenLabels labels = tagger.labelTokens(List.<String[]>of(tokens)).get(0);
        assertThat(labels.labels()).hasSize(5);
        List<Entity> entities = tagger.tag("Chili " + "x".repeat(1000) + " bor i København.");
        assertThat(entities).extracting(Entity::text).contains("København");
    }

    @Test
    void controlZeroWidthAndUnpairedSurrogatesAreHandled() {
        String text = "\u0000Chili\u200B Jensen \uD800 bor \uDC00i\u0001 København\uFEFF.";
        List<Entity> entities = tagger.tag(text);
        Entity copenhagen = entities.stream()
                .filter(e -> e.label().equals("LOC"))
                .findFirst()
                .orElseThrow();
        assertThat(copenhagen.start()).isEqualTo(text.indexOf("København"));
        assertThat(copenhagen.end()).isEqualTo(text.indexOf("København") + "København".length());
        assertThat(tagger.tagTokens(new String[] {"\uD800", "København", "\uDC00x"}))
                .extracting(span -> span.label() + " " + span.start() + " " + span.end())
                .contains("LOC 1 2");
    }

    @Test
    void theCallersTokensAreNotModified() {
        String[] tokens = {"CHILI", "Jensen", "ÆRØ"};
        tagger.tagTokens(tokens);
        assertThat(tokens).containsExactly("CHILI", "Jensen", "ÆRØ");
    }

    @Test
    void nullsAreNamed() {
        assertThatThrownBy(() -> tagger.tagTokens(new String[] {"Chili", null}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens[1]");
        assertThatThrownBy(() -> tagger.tag((String) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text");
        assertThatThrownBy(() -> tagger.tag(java.util.Arrays.asList("a", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("texts[1]");
        assertThatThrownBy(() -> tagger.tagTokens(java.util.Arrays.asList(new String[] {"a"}, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sentences[1]");
        assertThatThrownBy(() -> Recognizers.load((java.nio.file.Path) null, RecognizerConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("directory is null");
        assertThatThrownBy(() -> Recognizers.load((ModelLocation) null, RecognizerConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("location is null");
        assertThatThrownBy(() -> Tagger.loadDirectory(TestModels.MINI, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config is null");
    }

    @Test
    void aTokenClassifierRefusesNestedOrMultiLabelEntities() throws Exception {
        try (Recognizer recognizer = Recognizers.load(TestModels.MINI, RecognizerConfig.defaults())) {
            for (SpanDecoding decoding :
                    new SpanDecoding[] {new SpanDecoding(true, false), new SpanDecoding(false, true)}) {
                EntityTypes types = EntityTypes.model().withSpanDecoding(decoding);
                assertThatThrownBy(() -> recognizer.check(types))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("zero-shot span models");
                assertThatThrownBy(() -> recognizer.tag("Chili Jensen", types))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            recognizer.check(EntityTypes.model().withSpanDecoding(SpanDecoding.FLAT));
            assertThat(recognizer.tag(
                            "Chili Jensen bor i Aarhus.", EntityTypes.model().withSpanDecoding(SpanDecoding.FLAT)))
                    .isEqualTo(recognizer.tag("Chili Jensen bor i Aarhus.", EntityTypes.model()));
        }
    }

    @Test
    void badConfigurationIsNamed() {
        assertThatThrownBy(() -> RecognizerConfig.builder().batchSize(0).build())
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> TestModels.tagger(
                        TestModels.MINI, RecognizerConfig.builder().stride(510).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stride");
    }

    @Test
    void aClosedTaggerSaysSo() throws Exception {
        Tagger closed = TestModels.mini(Aggregation.FIRST);
        closed.close();
        closed.close();
        assertThatThrownBy(() -> closed.tag("Chili"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
