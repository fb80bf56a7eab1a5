package io.github.bertner.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Padded sequences packed into fewer rows, each row's mask numbering its sequences {@code 1, 2, …} and 0 after the
 * last, as a packing graph takes them; and the logits of such rows cut back into one row per sequence.
 *
 * @param ids the packed ids, {@code [rows, width]}, padding with the sequences' own padding id
 * @param mask each position's sequence number in its row, 0 for padding
 * @param placements for each sequence: its row, its first position there, its length
 */
record PackedRows(long[][] ids, long[][] mask, List<int[]> placements) {

    /** Sequence {@code s} goes into row {@code rowOf(s)}, after the sequences before it there. */
    static PackedRows pack(long[][] ids, long[][] mask, int rows, IntUnaryOperator rowOf) {
        long padding = paddingId(ids, mask);
        int[] used = new int[rows];
        List<int[]> placements = new ArrayList<>();
        for (int s = 0; s < ids.length; s++) {
            int length = length(mask[s]);
            int row = rowOf.applyAsInt(s);
            placements.add(new int[] {row, used[row], length});
            used[row] += length;
        }
        int width = 0;
        for (int u : used) {
            width = Math.max(width, u);
        }
        long[][] packedIds = new long[rows][width];
        long[][] packedMask = new long[rows][width];
        for (long[] row : packedIds) {
            Arrays.fill(row, padding);
        }
        int[] sequencesInRow = new int[rows];
        for (int s = 0; s < ids.length; s++) {
            int[] place = placements.get(s);
            int number = ++sequencesInRow[place[0]];
            for (int t = 0; t < place[2]; t++) {
                packedIds[place[0]][place[1] + t] = ids[s][t];
                packedMask[place[0]][place[1] + t] = number;
            }
        }
        return new PackedRows(packedIds, packedMask, placements);
    }

    int width() {
        return ids[0].length;
    }

    /** Each sequence's logits, {@code [sequences, width, labels]}, zero past its length. */
    float[][][] unpack(float[][][] packed, int width) {
        float[][][] logits = new float[placements.size()][width][];
        for (int s = 0; s < logits.length; s++) {
            int[] place = placements.get(s);
            int labels = packed[place[0]][0].length;
            for (int t = 0; t < width; t++) {
                logits[s][t] = t < place[2] ? packed[place[0]][place[1] + t] : new float[labels];
            }
        }
        return logits;
    }

    private static int length(long[] mask) {
        int length = 0;
        while (length < mask.length && mask[length] == 1) {
            length++;
        }
        return length;
    }

    /** The id at a padded position of any sequence. */
    private static long paddingId(long[][] ids, long[][] mask) {
        for (int s = 0; s < ids.length; s++) {
            for (int t = 0; t < ids[s].length; t++) {
                if (mask[s][t] == 0) {
                    return ids[s][t];
                }
            }
        }
        throw new IllegalArgumentException("no sequence is padded");
    }
}
