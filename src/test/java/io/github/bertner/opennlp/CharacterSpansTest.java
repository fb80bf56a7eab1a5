package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import opennlp.tools.util.Span;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Token-index spans to character spans, on hand-made spans. */
@Tag("unit")
class CharacterSpansTest {
    /** "Peter  Wiese bor i Aarhus": tokens at 0-5, 7-12, 13-16, 17-18, 19-25. */
    private static final Span[] POSITIONS = {
        new Span(0, 5), new Span(7, 12), new Span(13, 16), new Span(17, 18), new Span(19, 25)
    };

    @Test
    void aNameRunsFromItsFirstTokensStartToItsLastTokensEnd() {
        Span[] characters = CharacterSpans.fromTokenSpans(
                new Span[] {new Span(0, 2, "PER", 0.75), new Span(4, 5, "LOC", 0.5)}, POSITIONS);

        assertThat(characters).containsExactly(new Span(0, 12, "PER"), new Span(19, 25, "LOC"));
        assertThat(characters[0].getProb()).isEqualTo(0.75);
        assertThat(characters[1].getProb()).isEqualTo(0.5);
        assertThat(CharacterSpans.fromTokenSpans(new Span[0], POSITIONS)).isEmpty();
    }

    @Test
    void namesOutsideTheTokensAreRejected() {
        assertThatThrownBy(() -> CharacterSpans.fromTokenSpans(new Span[] {new Span(4, 6, "LOC")}, POSITIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names[0]");
        assertThatThrownBy(() -> CharacterSpans.fromTokenSpans(new Span[] {new Span(2, 2, "LOC")}, POSITIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names[0]");
        assertThatThrownBy(() -> CharacterSpans.fromTokenSpans(new Span[] {null}, POSITIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names[0]");
        assertThatThrownBy(() -> CharacterSpans.fromTokenSpans(null, POSITIONS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names");
        assertThatThrownBy(() -> CharacterSpans.fromTokenSpans(new Span[0], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenPositions");
    }
}
