package io.github.bertner.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The inputs of one run, row by row: a row holds one input, or, for a model that {@linkplain BatchModel#packs()
 * packs}, several one after another. Rows are padded to the longest.
 *
 * @param rows the inputs of each row, at least one row of at least one input
 * @param <I> one input
 */
public record BatchRows<I>(List<List<I>> rows) {

    /**
     * @param rows the inputs of each row
     */
    public BatchRows {
        rows = rows.stream().map(List::copyOf).toList();
    }

    /**
     * Every input, row after row.
     *
     * @return the inputs in the order the run returns their results
     */
    public List<I> inputs() {
        List<I> inputs = new ArrayList<>();
        rows.forEach(inputs::addAll);
        return inputs;
    }

    /**
     * The positions of the longest row.
     *
     * @param length an input's length in positions
     * @return the width the rows are padded to
     */
    public int width(ToIntFunction<I> length) {
        int width = 0;
        for (List<I> row : rows) {
            width = Math.max(width, row.stream().mapToInt(length).sum());
        }
        return width;
    }

    /**
     * The positions the run computes, padding included.
     *
     * @param length an input's length in positions
     * @return rows times their width
     */
    public long paddedPositions(ToIntFunction<I> length) {
        return (long) rows.size() * width(length);
    }
}
