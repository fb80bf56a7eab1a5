package io.github.bertner.zeroshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a text is cut for a span model that reads at most {@code max_len} words at a time. The first window is the
 * text's first {@code max_len} words, exactly what GLiNER reads; each further window starts a quarter of a window
 * before the one before it ends, so that every word is read, and entities near a cut are seen whole by one of the
 * two windows. Where the encoder also has a limit in sub-tokens, a window ends early enough to keep within it.
 */
final class SpanWindows {
    private SpanWindows() {}

    /**
     * A window of words, {@code [start, end)}.
     *
     * @param start its first word
     * @param end the word after its last
     */
    record Window(int start, int end) {
        int size() {
            return end - start;
        }
    }

    /**
     * Plans the windows.
     *
     * @param words the number of words
     * @param maxWords the most words of a window ({@code max_len})
     * @param wordTokens the sub-tokens of each word, or null where the encoder has no limit in sub-tokens
     * @param tokenRoom the sub-tokens a window's words may take (the limit less the prompt and special tokens)
     * @return the windows, in order; none for no words
     */
    static List<Window> plan(int words, int maxWords, int[] wordTokens, int tokenRoom) {
        List<Window> windows = new ArrayList<>();
        int start = 0;
        while (start < words) {
            int end = Math.min(start + maxWords, words);
            if (wordTokens != null) {
                end = withinTokens(wordTokens, start, end, tokenRoom);
            }
            windows.add(new Window(start, end));
            if (end == words) {
                break;
            }
            start = Math.max(start + 1, end - (end - start) / 4);
        }
        return windows;
    }

    /** The end of a window from {@code start} whose words take at most {@code room} sub-tokens (one word at least). */
    private static int withinTokens(int[] wordTokens, int start, int end, int room) {
        int used = 0;
        for (int word = start; word < end; word++) {
            used += wordTokens[word];
            if (used > room && word > start) {
                return word;
            }
        }
        return end;
    }
}
