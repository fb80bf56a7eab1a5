package io.github.bertner.tagger;

import io.github.bertner.TokenDecoding;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a subword sequence into windows of at most {@code capacity} subwords that overlap by
 * {@code stride} subwords, as Hugging Face's tokenizer overflow does. With word ids (host-token mode)
 * a window boundary falls between host tokens, unless one token alone is longer than a window.
 */
final class WindowPlanner {
    private final int capacity;
    private final int stride;

    WindowPlanner(int capacity, int stride) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a window must hold at least one subword, capacity was " + capacity);
        }
        if (stride < 0 || stride >= capacity) {
            throw new IllegalArgumentException("stride must be from 0 to " + (capacity - 1)
                    + " (smaller than the window of " + capacity + " subwords), was " + stride);
        }
        this.capacity = capacity;
        this.stride = stride;
    }

    /** The default overlap for a window of {@code capacity} subwords: 128, or half the window if smaller. */
    static int defaultStride(int capacity) {
        return Math.min(TokenDecoding.PREFERRED_STRIDE, capacity / 2);
    }

    /** Windows over raw text: fixed size, step {@code capacity - stride}. */
    List<Window> plan(int length) {
        return plan(length, null);
    }

    /**
     * Windows over {@code length} subwords; with {@code wordIds}, boundaries between host tokens.
     * Every subword lies in at least one window; an empty input has none.
     */
    List<Window> plan(int length, int[] wordIds) {
        List<Window> windows = new ArrayList<>();
        int start = 0;
        while (start < length) {
            int end = Math.min(length, start + capacity);
            if (end < length && wordIds != null) {
                end = boundaryAtOrBefore(wordIds, end, start + 1, end);
            }
            windows.add(new Window(start, end));
            if (end == length) {
                break;
            }
            start = nextStart(wordIds, start, end);
        }
        return windows;
    }

    private int nextStart(int[] wordIds, int start, int end) {
        int next = Math.max(start + 1, end - stride);
        if (wordIds == null) {
            return next;
        }
        int before = boundaryAtOrBefore(wordIds, next, start + 1, -1);
        if (before > 0) {
            return before;
        }
        int after = boundaryAtOrAfter(wordIds, next, end);
        return after > 0 ? after : next;
    }

    /** The largest token boundary in {@code [min, at]}, or {@code fallback}. */
    private static int boundaryAtOrBefore(int[] wordIds, int at, int min, int fallback) {
        for (int b = at; b >= min; b--) {
            if (isBoundary(wordIds, b)) {
                return b;
            }
        }
        return fallback;
    }

    /** The smallest token boundary in {@code [at, max]}, or -1. */
    private static int boundaryAtOrAfter(int[] wordIds, int at, int max) {
        for (int b = at; b <= max; b++) {
            if (isBoundary(wordIds, b)) {
                return b;
            }
        }
        return -1;
    }

    private static boolean isBoundary(int[] wordIds, int b) {
        return b > 0 && b < wordIds.length && wordIds[b - 1] != wordIds[b];
    }
}
