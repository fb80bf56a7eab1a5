package io.github.bertner.tokenizer;

/**
 * A special token as {@code tokenizer_config.json} or {@code special_tokens_map.json} names it: a string, or an
 * {@code AddedToken} object whose flags say how it matches.
 *
 * @param content the token's text
 * @param singleWord whether it matches only a whole word
 * @param lstrip whether it takes the whitespace before it
 * @param rstrip whether it takes the whitespace after it
 * @param normalized whether it matches the normalized text rather than the raw text
 */
record SpecialToken(String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized) {

    /** A token named by its text alone. */
    static SpecialToken of(String content) {
        return new SpecialToken(content, false, false, false, false);
    }

    /** The same token taking the whitespace before it, as some tokenizer classes make their mask token. */
    SpecialToken leftStripping() {
        return new SpecialToken(content, singleWord, true, rstrip, normalized);
    }
}
