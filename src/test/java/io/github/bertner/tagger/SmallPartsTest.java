package io.github.bertner.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.bertner.Aggregation;
import io.github.bertner.TokenizerSettings;
import io.github.bertner.tokenizer.Subwords;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Softmax, the overlap merge and host-token span rules on hand-made values. */
@Tag("unit")
class SmallPartsTest {

    @Test
    void softmaxIsMaxShiftedAndNanSafe() {
        float[] p = Probabilities.softmax(new float[] {1000f, 1000f, Float.NaN}, 0, 3);
        assertThat(p[0]).isEqualTo(0.5f);
        assertThat(p[2]).isZero();
        float[] allNan = Probabilities.softmax(new float[] {Float.NaN, Float.NaN}, 0, 2);
        assertThat(allNan).containsExactly(0.5f, 0.5f);
        float[] usual = Probabilities.softmax(new float[] {0f, (float) Math.log(3)}, 0, 2);
        assertThat(usual[1]).isCloseTo(0.75f, within(1e-6f));
    }

    @Test
    void argmaxTakesTheFirstOnTies() {
        assertThat(Probabilities.argmax(new float[] {0.2f, 0.4f, 0.4f})).isEqualTo(1);
    }

    @Test
    void overlapMergeKeepsTheLongerThenTheMoreConfident() {
        List<Unit> merged = OverlapMerger.merge(List.of(
                new Unit("PER", 0.9, 0, 5),
                new Unit("PER", 0.8, 2, 10),
                new Unit("LOC", 0.7, 20, 25),
                new Unit("ORG", 0.95, 20, 25),
                new Unit("LOC", 0.5, 30, 32)));
        assertThat(merged)
                .containsExactly(
                        new Unit("PER", 0.8, 2, 10), new Unit("ORG", 0.95, 20, 25), new Unit("LOC", 0.5, 30, 32));
    }

    @Test
    void simpleSpansSharingATokenAreMadeDisjoint() {
        List<Unit> spans = TokenSpans.withoutOverlaps(
                List.of(new Unit("PER", 0.9, 0, 2), new Unit("LOC", 0.8, 1, 2), new Unit("ORG", 0.7, 1, 4)));
        assertThat(spans).containsExactly(new Unit("PER", 0.9, 0, 2), new Unit("ORG", 0.7, 2, 4));
    }

    @Test
    void unknownTokensAlwaysStartAWordAndHashPiecesContinueOne() {
        Aligner aligner =
                new Aligner(new LabelSet(DecodingTestSupport.CONLL_LABELS, false), DecodingTestSupport.WORDPIECE);
        String text = "Han😀sen";
        Subwords subwords = new Subwords(
                new long[] {17, 1, 23},
                new String[] {"han", "[UNK]", "##sen"},
                new int[] {0, 3, 5},
                new int[] {3, 5, 8},
                new int[] {3, 1, 3},
                new int[3]);
        assertThat(aligner.isSubword(text, subwords, 1)).isFalse();
        assertThat(aligner.isSubword(text, subwords, 2)).isTrue();
        assertThat(aligner.isSubword(text, subwords, 0)).isFalse();
    }

    @Test
    void withoutASubwordPrefixTheSpaceHeuristicDecides() {
        TokenizerSettings bpe = new TokenizerSettings(
                "BPE", "BPE", 10, false, false, Optional.empty(), Optional.empty(), OptionalInt.empty());
        Aligner aligner = new Aligner(new LabelSet(DecodingTestSupport.CONLL_LABELS, false), bpe);
        String text = "Han sen";
        Subwords subwords = new Subwords(
                new long[3],
                new String[] {"Ha", "n", "sen"},
                new int[] {0, 2, 4},
                new int[] {2, 3, 7},
                new int[] {2, 1, 3},
                new int[3]);
        assertThat(aligner.isSubword(text, subwords, 1)).isTrue();
        assertThat(aligner.isSubword(text, subwords, 2)).isFalse();
    }

    @Test
    void aSubwordThatStartsWhereThePreviousStartsContinuesItsWord() {
        Aligner aligner = new Aligner(new LabelSet(DecodingTestSupport.CONLL_LABELS, false), unigram(3));
        // XLM-R's "▁½": "▁1" "⁄" "2" all over "½" (NFKC); a bare "▁" before "c" shares its start.
        String text = "a ½ c";
        Subwords subwords = new Subwords(
                new long[] {10, 11, 12, 13, 14},
                new String[] {"▁a", "▁1", "⁄", "2", "▁"},
                new int[] {0, 2, 2, 2, 4},
                new int[] {1, 3, 3, 3, 5},
                new int[] {1, 1, 1, 1, 1},
                new int[5]);
        assertThat(aligner.isSubword(text, subwords, 1)).isFalse();
        assertThat(aligner.isSubword(text, subwords, 2)).isTrue();
        assertThat(aligner.isSubword(text, subwords, 3)).isTrue();
        assertThat(aligner.isSubword(text, subwords, 4)).isFalse();
    }

    @Test
    void theUnknownTokenIsKnownByItsIdInEveryFamily() {
        String text = "Ab北c";
        Subwords subwords = new Subwords(
                new long[] {10, 3, 11},
                new String[] {"▁Ab", "<unk>", "c"},
                new int[] {0, 2, 3},
                new int[] {2, 3, 4},
                new int[] {2, 1, 1},
                new int[3]);
        LabelSet labels = new LabelSet(DecodingTestSupport.CONLL_LABELS, false);
        Aligner xlmRoberta = new Aligner(labels, unigram(3));
        assertThat(xlmRoberta.isSubword(text, subwords, 1))
                .as("<unk> starts a word")
                .isFalse();
        assertThat(xlmRoberta.isSubword(text, subwords, 2)).isTrue();
        // A DeBERTa tokenizer whose settings name [UNK] (id 2102) while its model emits <unk> (id 3 here): the
        // pipeline applies the rule to 2102 only.
        Aligner deberta = new Aligner(labels, unigram(2102));
        assertThat(deberta.isSubword(text, subwords, 1)).isTrue();
    }

    private static TokenizerSettings unigram(int unknownId) {
        return new TokenizerSettings(
                "SentencePiece Unigram",
                "Unigram",
                100,
                false,
                false,
                Optional.empty(),
                Optional.of("<unk>"),
                OptionalInt.of(unknownId));
    }

    @Test
    void hostTokensWithoutSubwordsAreOutsideAndKeepTheAlignment() {
        LabelSet labels = new LabelSet(DecodingTestSupport.CONLL_LABELS, false);
        Aligner aligner = new Aligner(labels, DecodingTestSupport.WORDPIECE);
        // tokens: 0 "Chili" (2 subwords), 1 "" (none), 2 "Jensen" (1 subword)
        Subwords subwords = DecodingTestSupport.host(0, 0, 2);
        double[][] p = {
            DecodingTestSupport.peaked(9, 3, 0.9),
            DecodingTestSupport.peaked(9, 4, 0.6),
            DecodingTestSupport.peaked(9, 4, 0.8)
        };
        List<Unit> units = aligner.hostUnits(subwords, DecodingTestSupport.rows(p), 3, Aggregation.FIRST);
        assertThat(units).extracting(Unit::label).containsExactly("B-PER", "O", "I-PER");
        assertThat(units.get(1).score()).isEqualTo(1.0);
        assertThat(units).extracting(Unit::start).containsExactly(0, 1, 2);
    }
}
