package io.github.bertner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.TokenSpan;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Annotated entities become training labels on the host's tokens: on whole tokens as they are, widened to the tokens
 * they reach into, left out (and counted) where they cover no token, cross sentences or overlap; then BIO per word.
 */
@Tag("unit")
class EntityAlignmentTest {
    /** "Jens Hansen bor i New York." and "Han kom fra Aarhus." as two sentences of tokens. */
    private static final List<EntityAlignment.TokenOffsets> SENTENCES = List.of(
            new EntityAlignment.TokenOffsets(
                    new int[] {0, 5, 12, 16, 18, 22, 26}, new int[] {4, 11, 15, 17, 21, 26, 27}),
            new EntityAlignment.TokenOffsets(new int[] {28, 32, 36, 40, 46}, new int[] {31, 35, 39, 46, 47}));

    private static EntityAlignment.Entity entity(int begin, int end, String type) {
        return new EntityAlignment.Entity(begin, end, type);
    }

    @Test
    void entitiesOnWholeTokensKeepTheirTokensInTheirSentence() {
        EntityAlignment.Aligned aligned = EntityAlignment.align(
                SENTENCES, List.of(entity(40, 46, "LOC"), entity(0, 11, "PER"), entity(18, 26, "LOC")));
        assertThat(aligned.spans())
                .containsExactly(
                        List.of(new TokenSpan(0, 2, "PER", 1), new TokenSpan(4, 6, "LOC", 1)),
                        List.of(new TokenSpan(3, 4, "LOC", 1)));
        assertThat(aligned.aligned()).isZero();
        assertThat(aligned.skipped()).isZero();
    }

    @Test
    void anEntityThatEndsInsideATokenTakesTheWholeToken() {
        EntityAlignment.Aligned aligned = EntityAlignment.align(SENTENCES, List.of(entity(2, 8, "PER")));
        assertThat(aligned.spans().get(0)).containsExactly(new TokenSpan(0, 2, "PER", 1));
        assertThat(aligned.aligned()).isOne();
    }

    @Test
    void entitiesOnNoTokenAcrossSentencesOrOnAnotherEntitysTokenAreLeftOutAndCounted() {
        EntityAlignment.Aligned aligned = EntityAlignment.align(
                SENTENCES,
                List.of(entity(11, 12, "X"), entity(22, 35, "LOC"), entity(0, 11, "PER"), entity(5, 15, "ORG")));
        assertThat(aligned.spans().get(0)).containsExactly(new TokenSpan(0, 2, "PER", 1));
        assertThat(aligned.spans().get(1)).isEmpty();
        assertThat(aligned.skipped()).isEqualTo(3);
    }

    @Test
    void entitiesOverWordsBecomeBioLabels() {
        LabeledSentence sentence = LabeledSentence.ofEntities(
                new String[] {"Jens", "Hansen", "bor", "i", "New", "York", "."},
                List.of(new TokenSpan(4, 6, "LOC", 1), new TokenSpan(0, 2, "PER", 1)),
                "test",
                0);
        assertThat(sentence.labels()).containsExactly("B-PER", "I-PER", "O", "O", "B-LOC", "I-LOC", "O");
    }

    @Test
    void overlappingOrOutlyingEntitiesAreRefusedWithTheirSource() {
        String[] words = {"Jens", "Hansen", "bor"};
        assertThatThrownBy(() -> LabeledSentence.ofEntities(
                        words, List.of(new TokenSpan(0, 2, "PER", 1), new TokenSpan(1, 3, "ORG", 1)), "sample 7", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 7")
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> LabeledSentence.ofEntities(words, List.of(new TokenSpan(2, 4, "PER", 1)), "x", 0))
                .hasMessageContaining("does not lie within the sentence's 3 words");
        assertThatThrownBy(() -> LabeledSentence.ofEntities(words, List.of(new TokenSpan(0, 1, " ", 1)), "x", 0))
                .hasMessageContaining("no type");
    }
}
