package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RowIdsTest {

    @Test
    void aRowsSequencesFollowOneAnotherNumberedFromOneAndPaddingIsZero() {
        RowIds rows = RowIds.of(new BatchRows<>(
                List.of(List.of(new long[] {2, 7, 3}, new long[] {2, 8}), List.of(new long[] {2, 9, 9, 3}))));
        assertThat(rows.rows()).isEqualTo(2);
        assertThat(rows.width()).isEqualTo(5);
        assertThat(rows.ids()).containsExactly(2, 7, 3, 2, 8, 2, 9, 9, 3, 0);
        assertThat(rows.mask()).containsExactly(1, 1, 1, 2, 2, 1, 1, 1, 1, 0);
    }

    @Test
    void aRowOfOneSequenceHasTheMaskOfOnesTransformersUses() {
        RowIds rows = RowIds.of(new BatchRows<>(List.of(List.of(new long[] {2, 5, 3}), List.of(new long[] {2, 3}))));
        assertThat(rows.mask()).containsExactly(1, 1, 1, 1, 1, 0);
    }
}
