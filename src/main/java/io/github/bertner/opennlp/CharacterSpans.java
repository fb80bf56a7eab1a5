package io.github.bertner.opennlp;

import opennlp.tools.util.Span;

/**
 * Maps name spans over token indices back to character offsets of the text the tokens came from, by way
 * of the tokens' own character spans (what an OpenNLP {@code Tokenizer.tokenizePos} returns).
 */
public final class CharacterSpans {
    private CharacterSpans() {}

    /**
     * Character spans of names found over tokens.
     *
     * @param names spans over token indices ({@code start} inclusive, {@code end} exclusive), as
     *     {@link BertNameFinder#find(String[])} returns them
     * @param tokenPositions the character span of every token, in token order (UTF-16 indices of the text,
     *     as {@code Tokenizer.tokenizePos(text)} returns them)
     * @return for each name, the span from its first token's start to its last token's end, in UTF-16
     *     indices of the text, with the name's type and probability
     * @throws IllegalArgumentException if an argument is null, or a name is empty or reaches past the last
     *     token
     */
    public static Span[] fromTokenSpans(Span[] names, Span[] tokenPositions) {
        if (names == null || tokenPositions == null) {
            throw new IllegalArgumentException((names == null ? "names" : "tokenPositions") + " is null");
        }
        Span[] characters = new Span[names.length];
        for (int i = 0; i < names.length; i++) {
            characters[i] = fromTokenSpan(names[i], tokenPositions, i);
        }
        return characters;
    }

    private static Span fromTokenSpan(Span name, Span[] tokenPositions, int index) {
        if (name == null) {
            throw new IllegalArgumentException("names[" + index + "] is null");
        }
        if (name.getStart() >= name.getEnd() || name.getEnd() > tokenPositions.length) {
            throw new IllegalArgumentException("names[" + index + "] " + name + " does not cover tokens of the "
                    + tokenPositions.length + " given");
        }
        int start = tokenPositions[name.getStart()].getStart();
        int end = tokenPositions[name.getEnd() - 1].getEnd();
        return new Span(start, end, name.getType(), name.getProb());
    }
}
