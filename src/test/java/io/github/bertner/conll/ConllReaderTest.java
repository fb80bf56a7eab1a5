package io.github.bertner.conll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.TokenSpan;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The one CoNLL reader, BIO chunker and type mapping that evaluate, the OpenNLP stream and the benchmarks share. */
@Tag("unit")
class ConllReaderTest {

    @Test
    void tabsSplitWhereALineHasOneAndWhitespaceElsewhere() {
        assertThat(ConllSentence.columns("New York\tNNP\tB-LOC")).containsExactly("New York", "NNP", "B-LOC");
        assertThat(ConllSentence.columns("  EU NNP  B-NP B-ORG ")).containsExactly("EU", "NNP", "B-NP", "B-ORG");
        assertThat(ConllSentence.columns(" \t ")).isEmpty();
    }

    @Test
    void docstartLinesAreSkippedAndMarkTheNextSentence() {
        List<ConllSentence> sentences = read(
                "-DOCSTART- -X- -X- O",
                "",
                "EU NNP B-NP B-ORG",
                "rejects VBZ B-VP O",
                "",
                "",
                "Peter NNP B-NP B-PER",
                "-DOCSTART- -X- O O",
                "Blackburn NNP B-NP B-LOC");
        assertThat(sentences)
                .extracting(s -> String.join(" ", s.tokens()))
                .containsExactly("EU rejects", "Peter", "Blackburn");
        assertThat(sentences).extracting(ConllSentence::startsDocument).containsExactly(true, false, true);
        assertThat(sentences).extracting(ConllSentence::firstLine).containsExactly(3, 7, 9);
        assertThat(sentences.get(0).lastColumn()).containsExactly("B-ORG", "O");
    }

    @Test
    void aLineWithoutALabelIsNamedByNumber() {
        ConllSentence sentence = read("a\tO", "lonely").get(0);
        assertThat(sentence.tokens()).containsExactly("a", "lonely");
        assertThatThrownBy(sentence::lastColumn)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2 has no label column");
    }

    @Test
    void chunkingFollowsConlleval() {
        assertThat(BioChunker.spans(new String[] {"B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "S-PER"}))
                .containsExactly(
                        new TokenSpan(0, 2, "PER", 1.0),
                        new TokenSpan(3, 5, "LOC", 1.0),
                        new TokenSpan(5, 6, "LOC", 1.0),
                        new TokenSpan(6, 7, "ORG", 1.0));
        assertThat(BioChunker.spans(new String[0])).isEmpty();
    }

    @Test
    void theTypeMappingRenamesAndDrops() {
        LabelMap map = LabelMap.parse(List.of("MISC=O", "GPE=LOC"));
        assertThat(map.apply(new String[] {"B-MISC", "I-MISC", "B-GPE", "I-GPE", "B-PER", "O"}))
                .containsExactly("O", "O", "B-LOC", "I-LOC", "B-PER", "O");
        assertThatThrownBy(() -> LabelMap.parse(List.of("MISC"))).hasMessageContaining("TYPE=TARGET");
        assertThatThrownBy(() -> LabelMap.of(Map.of("MISC", ""))).hasMessageContaining("MISC");
    }

    @Test
    void evaluationCountsExactSpansAndTypes() {
        EntityEvaluation evaluation = new EntityEvaluation();
        evaluation.add(
                BioChunker.spans(new String[] {"B-PER", "I-PER", "O", "B-LOC"}),
                BioChunker.spans(new String[] {"B-PER", "I-PER", "O", "B-ORG"}));
        assertThat(evaluation.total().correct()).isEqualTo(1);
        assertThat(evaluation.total().f1()).isEqualTo(0.5);
        assertThat(evaluation.byType().get("LOC").recall()).isZero();
    }

    @Test
    void precisionIsCorrectOverPredictedAndRecallCorrectOverGold() {
        EntityCounts counts = new EntityCounts(4, 2, 1);
        assertThat(counts.precision()).isEqualTo(0.5);
        assertThat(counts.recall()).isEqualTo(0.25);
        assertThat(counts.f1()).isEqualTo(2 * 0.5 * 0.25 / 0.75);
    }

    @Test
    void tokenAccuracyComparesTheBioLabelsOfThePredictedEntities() {
        EntityEvaluation evaluation = new EntityEvaluation();
        evaluation.add(
                new String[] {"B-PER", "I-PER", "O", "B-LOC", "O"},
                List.of(new TokenSpan(0, 1, "PER", 1), new TokenSpan(3, 4, "LOC", 1), new TokenSpan(4, 5, "ORG", 1)));
        // B-PER O O B-LOC B-ORG against B-PER I-PER O B-LOC O: tokens 0, 2 and 3 agree.
        assertThat(evaluation.accuracy()).isEqualTo(3 / 5.0);
        assertThat(evaluation.total()).isEqualTo(new EntityCounts(2, 3, 1));
        assertThat(BioChunker.labels(3, List.of(new TokenSpan(0, 2, "X", 1)))).containsExactly("B-X", "I-X", "O");
    }

    private static List<ConllSentence> read(String... lines) {
        Iterator<String> source = List.of(lines).iterator();
        return ConllReader.readAll(() -> source.hasNext() ? source.next() : null);
    }
}
