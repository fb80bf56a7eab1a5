package io.github.bertner.zeroshot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GLiNER's word splitter ({@code WhitespaceTokenSplitter}: the Python regex {@code \w+(?:[-_]\w+)*|\S}), with Python's
 * Unicode classes spelled out, since Java's differ: Python's {@code \w} is a letter, a number or {@code _} (not a
 * combining mark, which Java's Unicode {@code \w} takes), and Python's whitespace also holds the separators
 * {@code U+001C}–{@code U+001F} and {@code U+0085}, which Java's {@code \s} does not.
 */
final class WordSplitter {
    private static final String WORD = "[\\p{L}\\p{N}_]";
    private static final String NOT_SPACE = "[^\\t\\n\\x0B\\f\\r\\x1C-\\x1F\\x85\\p{Z}]";
    private static final Pattern WORDS = Pattern.compile(WORD + "+(?:[-_]" + WORD + "+)*|" + NOT_SPACE);

    /** A word and where it is, in UTF-16 code units of the text. */
    record Word(String text, int start, int end) {}

    private WordSplitter() {}

    /** The words of a text, in order. */
    static List<Word> split(String text) {
        List<Word> words = new ArrayList<>();
        Matcher matcher = WORDS.matcher(text);
        while (matcher.find()) {
            words.add(new Word(matcher.group(), matcher.start(), matcher.end()));
        }
        return words;
    }
}
