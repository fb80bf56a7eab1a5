package io.github.bertner.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Grouping rules of semantics.md §4 on hand-made labels. */
@Tag("unit")
class EntityGrouperTest {
    private static final List<String> BIO = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "[PAD]", "[CLS]");
    private static final List<String> BIOES = List.of("O", "B-PER", "I-PER", "E-PER", "S-PER", "S-LOC");

    @Test
    void orphanInsideStartsAnEntity() {
        assertThat(group(BIO, false, "O", "I-PER", "I-PER", "O")).containsExactly("PER[1,3)");
    }

    @Test
    void twoBeginsGiveTwoEntities() {
        assertThat(group(BIO, false, "B-PER", "B-PER")).containsExactly("PER[0,1)", "PER[1,2)");
    }

    @Test
    void insideOfAnotherTypeStartsANewEntity() {
        assertThat(group(BIO, false, "B-LOC", "I-PER", "I-PER")).containsExactly("LOC[0,1)", "PER[1,3)");
    }

    @Test
    void specialLabelsCountAsOutsideByDefault() {
        assertThat(group(BIO, false, "B-PER", "[PAD]", "I-PER", "[CLS]")).containsExactly("PER[0,1)", "PER[2,3)");
    }

    @Test
    void specialLabelsAreEntitiesWhenKeptAsHuggingFaceDoes() {
        assertThat(group(BIO, true, "B-PER", "[PAD]", "[PAD]", "O")).containsExactly("PER[0,1)", "[PAD][1,3)");
    }

    @Test
    void bioesSingleAndEndCloseEntities() {
        assertThat(group(BIOES, false, "S-PER", "S-PER", "B-PER", "I-PER", "E-PER", "I-PER", "S-LOC"))
                .containsExactly("PER[0,1)", "PER[1,2)", "PER[2,5)", "PER[5,6)", "LOC[6,7)");
    }

    @Test
    void scoreIsTheMeanOfTheMembers() {
        LabelSet labels = new LabelSet(BIO, false);
        List<Unit> units =
                List.of(new Unit("B-PER", 0.9, 0, 1), new Unit("I-PER", 0.5, 1, 2), new Unit("O", 0.99, 2, 3));
        assertThat(new EntityGrouper(labels).group(units)).containsExactly(new Unit("PER", 0.7, 0, 2));
    }

    @Test
    void noneKeepsEveryNonOutsideUnitWithItsFullLabel() {
        LabelSet labels = new LabelSet(BIO, false);
        List<Unit> units =
                List.of(new Unit("B-PER", 0.9, 0, 1), new Unit("I-PER", 0.5, 1, 2), new Unit("O", 0.99, 2, 3));
        assertThat(new EntityGrouper(labels).ungrouped(units))
                .extracting(Unit::label)
                .containsExactly("B-PER", "I-PER");
    }

    private static List<String> group(List<String> labelList, boolean keepSpecial, String... sequence) {
        LabelSet labels = new LabelSet(labelList, keepSpecial);
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < sequence.length; i++) {
            units.add(new Unit(labels.label(labelList.indexOf(sequence[i])), 1.0, i, i + 1));
        }
        return new EntityGrouper(labels)
                .group(units).stream()
                        .map(u -> u.label() + "[" + u.start() + "," + u.end() + ")")
                        .toList();
    }
}
