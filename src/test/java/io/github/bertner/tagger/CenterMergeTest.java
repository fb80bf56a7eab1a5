package io.github.bertner.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.tokenizer.Subwords;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link WindowMerge#CENTER} on hand-made windows: every subword takes its probabilities from the window in which
 * it lies farthest from an edge (the earlier window on a tie), worked out by hand below. Window 0 predicts label 1
 * everywhere, window 1 label 2, so the label shows which window each subword was read from.
 */
@Tag("unit")
class CenterMergeTest {
    private static final int PREFIX = 1;
    private static final int LABELS = 3;

    @Test
    void anEvenOverlapIsSplitInTheMiddle() {
        // Windows [0, 6) and [4, 10): subword 4 is 1 from window 0's edge and 0 from window 1's, subword 5 the
        // reverse.
        assertThat(labels(10, new Window(0, 6), new Window(4, 10))).containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 2, 2);
    }

    @Test
    void anOddOverlapGoesToTheWindowWhereEachSubwordIsMoreCentral() {
        // Windows [0, 7) and [3, 10): distances (window 0, window 1) are 3-0, 2-1, 1-2, 0-3 for subwords 3 to 6.
        assertThat(labels(10, new Window(0, 7), new Window(3, 10))).containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 2, 2);
    }

    @Test
    void threeWindowsEachKeepTheirMiddle() {
        // Windows [0, 6), [3, 9), [6, 12): subwords 4 (1-1: tie, earlier window) and 5 (0-2) and 7 (1-1), 8 (0-2).
        assertThat(labels(12, new Window(0, 6), new Window(3, 9), new Window(6, 12)))
                .containsExactly(1, 1, 1, 1, 1, 2, 2, 2, 0, 0, 0, 0);
    }

    /** The label each subword gets; window w predicts label (w + 1) % 3 at every position. */
    private static int[] labels(int size, Window... windows) {
        Document document = new Document(
                new Subwords(new long[size], new String[size], new int[size], new int[size], new int[size], null),
                List.of(windows));
        float[][] logits = new float[windows.length][];
        for (int w = 0; w < windows.length; w++) {
            int positions = PREFIX + windows[w].length() + 1;
            logits[w] = new float[positions * LABELS];
            for (int p = 0; p < positions; p++) {
                logits[w][p * LABELS + (w + 1) % LABELS] = 10f;
            }
        }
        document.setLogits(logits);
        ProbabilityRows rows = document.centeredProbabilities(PREFIX, LABELS);
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            float[] p = rows.get(i);
            labels[i] = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
        }
        return labels;
    }
}
