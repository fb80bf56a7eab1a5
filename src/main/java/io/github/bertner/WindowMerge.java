package io.github.bertner;

/** How the predictions of overlapping windows over a long input are combined. */
public enum WindowMerge {
    /**
     * As the Hugging Face pipeline does: each window is decoded into entities on its own; entities are
     * sorted by start, and when one starts inside the previous one the longer wins (on equal length the
     * higher score). Used in raw-text mode by default, for parity.
     */
    HUGGING_FACE,
    /**
     * Every subword takes its probabilities from the window in which it lies farthest from an edge, and
     * the whole input is decoded once. Always used in host-token mode.
     */
    CENTER
}
