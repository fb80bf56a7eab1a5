package io.github.bertner.tagger;

import static io.github.bertner.tagger.DecodingTestSupport.CONLL_LABELS;
import static io.github.bertner.tagger.DecodingTestSupport.WORDPIECE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.bertner.Aggregation;
import io.github.bertner.tokenizer.Subwords;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The test vectors of the Hugging Face test suite (semantics.md §8), decoded on hand-made score arrays. */
@Tag("unit")
class HuggingFaceVectorsTest {
    private final LabelSet labels = new LabelSet(CONLL_LABELS, false);
    private final Aligner aligner = new Aligner(labels, WORDPIECE);
    private final EntityGrouper grouper = new EntityGrouper(labels);

    @Test
    void enzoWorksAtTheUnGroupsSubwordsWithSimple() {
        String text = "Enzo works at the UN";
        Subwords subwords = DecodingTestSupport.raw(
                new String[] {"En", "##zo", "works", "at", "the", "UN"},
                new int[][] {{0, 2}, {2, 4}, {5, 10}, {11, 13}, {14, 17}, {18, 20}});
        double[][] p = {
            DecodingTestSupport.peaked(9, 4, 0.9968), DecodingTestSupport.peaked(9, 4, 0.9958),
            DecodingTestSupport.peaked(9, 0, 0.99), DecodingTestSupport.peaked(9, 0, 0.99),
            DecodingTestSupport.peaked(9, 0, 0.99), DecodingTestSupport.peaked(9, 5, 0.9986)
        };

        List<Unit> entities =
                grouper.group(aligner.rawUnits(text, subwords, DecodingTestSupport.rows(p), 0, 6, Aggregation.SIMPLE));

        assertThat(entities).hasSize(2);
        assertThat(entities.get(0))
                .extracting(Unit::label, Unit::start, Unit::end)
                .containsExactly("PER", 0, 4);
        assertThat(entities.get(0).score()).isCloseTo(0.9963, within(1e-4));
        assertThat(entities.get(1))
                .extracting(Unit::label, Unit::start, Unit::end)
                .containsExactly("ORG", 18, 20);
    }

    @Test
    void ramazottiDependsOnTheWordLevelStrategy() {
        String text = "Ramazotti";
        Subwords subwords =
                DecodingTestSupport.raw(new String[] {"Ra", "##ma", "##zotti"}, new int[][] {{0, 2}, {2, 4}, {4, 9}});
        double[][] p = {
            {0, .55, 0, .45, 0, 0, 0, 0, 0},
            {0, 0, 0, .2, 0, 0, 0, .8, 0},
            {0, 0, 0, .4, 0, 0, .6, 0, 0}
        };

        assertThat(decode(text, subwords, p, Aggregation.FIRST)).containsExactly("MISC 0.5500 [0,9)");
        assertThat(decode(text, subwords, p, Aggregation.MAX)).containsExactly("LOC 0.8000 [0,9)");
        assertThat(decode(text, subwords, p, Aggregation.AVERAGE)).containsExactly("PER 0.3500 [0,9)");
    }

    @Test
    void labelsWithoutBioPrefixesGroupConsecutiveSubwords() {
        LabelSet plain = new LabelSet(List.of("O", "MISC", "PER", "ORG", "LOC"), false);
        Aligner plainAligner = new Aligner(plain, WORDPIECE);
        Subwords subwords = DecodingTestSupport.raw(new String[] {"En", "##zo"}, new int[][] {{0, 2}, {2, 4}});
        double[][] p = {DecodingTestSupport.peaked(5, 2, 0.9), DecodingTestSupport.peaked(5, 2, 0.8)};

        List<Unit> entities = new EntityGrouper(plain)
                .group(plainAligner.rawUnits("Enzo", subwords, DecodingTestSupport.rows(p), 0, 2, Aggregation.SIMPLE));

        assertThat(entities)
                .extracting(Unit::label, Unit::start, Unit::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PER", 0, 4));
        assertThat(entities.get(0).score()).isCloseTo(0.85, within(1e-6));
    }

    private List<String> decode(String text, Subwords subwords, double[][] p, Aggregation strategy) {
        return grouper
                .group(aligner.rawUnits(text, subwords, DecodingTestSupport.rows(p), 0, subwords.size(), strategy))
                .stream()
                .map(u -> String.format(
                        java.util.Locale.ROOT, "%s %.4f [%d,%d)", u.label(), u.score(), u.start(), u.end()))
                .toList();
    }
}
