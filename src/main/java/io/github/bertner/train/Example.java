package io.github.bertner.train;

import io.github.bertner.convert.TrainingGraph;

/**
 * One training sequence: sub-token ids with the special tokens, and the label id of each, {@code -100} where no label
 * applies (special tokens, and every sub-token of a word but its first).
 *
 * @param ids the token ids
 * @param labels the label ids, as long as {@code ids}
 */
record Example(long[] ids, long[] labels) {

    /** Whether any sub-token carries a label. */
    boolean hasLabels() {
        for (long label : labels) {
            if (label != TrainingGraph.IGNORED) {
                return true;
            }
        }
        return false;
    }
}
