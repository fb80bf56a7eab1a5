package io.github.bertner.spark;

/** What the input column holds, and so which tagger mode runs and which entity fields come out. */
public enum InputMode {
    /**
     * A {@code string} column of raw text. Entities carry {@code start}/{@code end} as UTF-16 offsets
     * (Java {@code String} indices) into the text, and the covered {@code text}.
     */
    RAW("text"),
    /**
     * An {@code array<string>} column of tokens (host-token mode). Entities carry {@code token_start}
     * (inclusive) and {@code token_end} (exclusive) as token indices, and {@code text}: the covered tokens
     * joined by single spaces. No character offsets: the column holds no text to point into.
     */
    TOKENS("tokens");

    private final String defaultColumn;

    InputMode(String defaultColumn) {
        this.defaultColumn = defaultColumn;
    }

    /**
     * The input column used when none is named.
     *
     * @return {@code text} or {@code tokens}
     */
    public String defaultColumn() {
        return defaultColumn;
    }
}
