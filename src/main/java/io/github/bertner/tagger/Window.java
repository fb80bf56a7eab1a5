package io.github.bertner.tagger;

/**
 * A window over an input's subwords (specials excluded).
 *
 * @param start index of the window's first subword, inclusive
 * @param end index after its last subword, exclusive
 */
record Window(int start, int end) {

    int length() {
        return end - start;
    }

    /** How far subword {@code i} lies from the nearer edge of this window. */
    int distanceFromEdge(int i) {
        return Math.min(i - start, end - 1 - i);
    }
}
