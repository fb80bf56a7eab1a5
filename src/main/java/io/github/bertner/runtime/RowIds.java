package io.github.bertner.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code input_ids} and {@code attention_mask} of rows of id sequences, row-major {@code [rows, width]}: each
 * row's sequences one after another, padded with id 0 to the longest row; the mask numbers each row's sequences from
 * 1 (a row of one sequence: 1s, as transformers has it) and is 0 on padding.
 *
 * @param ids the ids
 * @param mask the sequence numbers
 * @param rows the number of rows
 * @param width the positions of the longest row
 */
public record RowIds(long[] ids, long[] mask, int rows, int width) {

    /**
     * Lays out rows of sequences.
     *
     * @param batch the sequences of each row
     * @return their ids and mask
     */
    public static RowIds of(BatchRows<long[]> batch) {
        List<List<long[]>> rows = batch.rows();
        int width = batch.width(sequence -> sequence.length);
        long[] ids = new long[rows.size() * width];
        long[] mask = new long[ids.length];
        for (int r = 0; r < rows.size(); r++) {
            int at = r * width;
            int number = 1;
            for (long[] sequence : rows.get(r)) {
                System.arraycopy(sequence, 0, ids, at, sequence.length);
                Arrays.fill(mask, at, at + sequence.length, number++);
                at += sequence.length;
            }
        }
        return new RowIds(ids, mask, rows.size(), width);
    }
}
