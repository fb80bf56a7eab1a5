package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.Aggregation;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import io.github.bertner.tagger.Tagger;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Several finders over one loaded model; closing a finder leaves a tagger it does not own open. */
@Tag("framework")
class SharedTaggerTest {
    private static final String[] SENTENCE =
            "Statsministeren har nu bedt sin departementschef , Peter Wiese , undersøge sagen ?".split(" ");

    @Test
    void findersOnASharedTaggerUseThatTaggerAndLeaveItOpen() throws Exception {
        try (Tagger tagger = TestModels.tagger(TestModels.MINI)) {
            BertNameFinder first = BertNameFinder.sharing(tagger);
            BertNameFinder second = BertNameFinder.sharing(tagger);

            assertThat(first.recognizer()).as("no second model is loaded").isSameAs(tagger);
            assertThat(second.recognizer()).isSameAs(tagger);
            Span[] expected = first.find(SENTENCE);
            assertThat(expected).containsExactly(new Span(7, 9, "PER"));

            first.close();
            first.close();

            assertThatThrownBy(() -> first.find(SENTENCE)).isInstanceOf(IllegalStateException.class);
            assertThat(second.find(SENTENCE)).containsExactly(expected);
            assertThat(tagger.tagTokens(SENTENCE)).hasSize(1);
            second.close();
            assertThat(tagger.tagTokens(SENTENCE))
                    .as("still open after every finder is closed")
                    .hasSize(1);
        }
    }

    @Test
    void aSharedTaggerKeepsItsConfiguration() throws Exception {
        try (Tagger tagger = TestModels.tagger(
                        TestModels.MINI,
                        RecognizerConfig.builder().aggregation(Aggregation.MAX).build());
                BertNameFinder finder = BertNameFinder.sharing(tagger);
                BertNameFinder separate = OpenNlpTestData.finder(Aggregation.MAX)) {
            assertThat(finder.recognizer().config().tokenDecoding().aggregation())
                    .isEqualTo(Aggregation.MAX);
            assertThat(finder.find(SENTENCE)).containsExactly(separate.find(SENTENCE));
        }
    }

    @Test
    void aTaggerClosedByItsOwnerEndsItsFinders() throws Exception {
        Tagger tagger = TestModels.tagger(TestModels.MINI);
        BertNameFinder finder = BertNameFinder.sharing(tagger);
        tagger.close();

        assertThatThrownBy(() -> finder.find(SENTENCE)).isInstanceOf(IllegalStateException.class);
        finder.close();
    }

    @Test
    void sharingRejectsNullAClosedTaggerAndAggregationNone() throws Exception {
        assertThatThrownBy(() -> BertNameFinder.sharing(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tagger");
        Tagger closed = TestModels.tagger(TestModels.MINI);
        closed.close();
        assertThatThrownBy(() -> BertNameFinder.sharing(closed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closed");
        try (Tagger none = TestModels.tagger(
                TestModels.MINI,
                RecognizerConfig.builder().aggregation(Aggregation.NONE).build())) {
            assertThatThrownBy(() -> BertNameFinder.sharing(none))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("NONE");
        }
    }
}
