package io.github.bertner.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class WindowPlannerTest {

    @Test
    void shortInputIsOneWindowAndEmptyInputNone() {
        WindowPlanner planner = new WindowPlanner(510, 128);
        assertThat(planner.plan(7)).containsExactly(new Window(0, 7));
        assertThat(planner.plan(0)).isEmpty();
    }

    @Test
    void rawWindowsStepByCapacityMinusStrideAsHuggingFaceOverflowDoes() {
        // capacity 10, stride 4: step 6 -> [0,10) [6,16) [12,22) [18,25)
        assertThat(new WindowPlanner(10, 4).plan(25))
                .containsExactly(new Window(0, 10), new Window(6, 16), new Window(12, 22), new Window(18, 25));
    }

    @Test
    void hostWindowsNeverCutAToken() {
        // tokens of 3 subwords each: 0 0 0 1 1 1 2 2 2 3 3 3 4 4 4
        int[] wordIds = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
        List<Window> windows = new WindowPlanner(8, 2).plan(wordIds.length, wordIds);
        for (Window w : windows) {
            assertThat(w.start() % 3).as("start of %s", w).isZero();
            assertThat(w.end() % 3).as("end of %s", w).isZero();
            assertThat(w.length()).isLessThanOrEqualTo(8);
        }
        assertCovers(windows, wordIds.length);
    }

    @Test
    void aTokenLongerThanTheWindowIsCutButNothingIsLost() {
        int[] wordIds = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
        List<Window> windows = new WindowPlanner(4, 1).plan(wordIds.length, wordIds);
        assertCovers(windows, wordIds.length);
        windows.forEach(w -> assertThat(w.length()).isBetween(1, 4));
    }

    @Test
    void strideMustBeSmallerThanTheWindow() {
        assertThatThrownBy(() -> new WindowPlanner(10, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stride");
        assertThat(WindowPlanner.defaultStride(510)).isEqualTo(128);
        assertThat(WindowPlanner.defaultStride(62)).isEqualTo(31);
    }

    private static void assertCovers(List<Window> windows, int length) {
        boolean[] covered = new boolean[length];
        for (Window w : windows) {
            for (int i = w.start(); i < w.end(); i++) {
                covered[i] = true;
            }
        }
        for (int i = 0; i < length; i++) {
            assertThat(covered[i]).as("subword %d covered", i).isTrue();
        }
    }
}
