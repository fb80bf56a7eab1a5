package io.github.bertner.train;

import io.github.bertner.convert.DropoutMask;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Draws the dropout masks of each step: every element kept (true) with probability {@code 1 − p}, or dropped; the
 * graph scales the kept ones by {@code 1/(1 − p)}, as inverted dropout does. Each mask is drawn from a generator seeded by the run's
 * seed, the step and the mask, so that a step's masks are the same however the run was interrupted and resumed, and
 * whatever the thread count.
 */
final class DropoutMasks {
    /** A mask drawn for one step, to be fed as the graph input {@code input}. */
    record Drawn(String input, ByteBuffer values, long[] shape) {}

    private final List<DropoutMask> masks;
    private final long seed;
    private final ByteBuffer[] buffers;

    DropoutMasks(List<DropoutMask> masks, long seed) {
        this.masks = List.copyOf(masks);
        this.seed = seed;
        this.buffers = new ByteBuffer[masks.size()];
    }

    /** The masks of a step; the buffers are reused by the next call. */
    List<Drawn> draw(long step, Batch batch) {
        List<Drawn> drawn = new ArrayList<>(masks.size());
        for (int i = 0; i < masks.size(); i++) {
            DropoutMask mask = masks.get(i);
            long[] shape = mask.attention()
                    ? new long[] {batch.rows(), mask.width(), batch.width(), batch.width()}
                    : new long[] {batch.rows(), batch.width(), mask.width()};
            int size = Math.toIntExact(shape[0] * shape[1] * shape[2] * (shape.length == 4 ? shape[3] : 1));
            if (buffers[i] == null || buffers[i].capacity() < size) {
                buffers[i] = ByteBuffer.allocateDirect(size);
            }
            drawn.add(new Drawn(
                    mask.input(), buffers[i].duplicate().position(0).limit(size).slice(), shape));
        }
        IntStream.range(0, drawn.size())
                .parallel()
                .forEach(i -> fill(drawn.get(i).values(), masks.get(i), step, i));
        return drawn;
    }

    private void fill(ByteBuffer values, DropoutMask mask, long step, int index) {
        SplittableRandom random = new SplittableRandom(mix(seed, step, index));
        double rate = mask.rate();
        for (int j = 0, n = values.limit(); j < n; j++) {
            values.put(j, random.nextDouble() < rate ? (byte) 0 : (byte) 1);
        }
    }

    private static long mix(long seed, long step, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + step;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + index;
        return h ^ (h >>> 29);
    }
}
