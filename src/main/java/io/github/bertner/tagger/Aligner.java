package io.github.bertner.tagger;

import io.github.bertner.Aggregation;
import io.github.bertner.TokenizerSettings;
import io.github.bertner.tokenizer.Subwords;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns subword probabilities into labelled units (subwords or words) ready for grouping: in raw-text
 * mode words follow the Hugging Face subword rule, in host-token mode they are the host tokens (by the
 * tokenizer's word ids, never by text).
 */
final class Aligner {
    private final LabelSet labels;
    private final TokenizerSettings tokenizer;

    Aligner(LabelSet labels, TokenizerSettings tokenizer) {
        this.labels = labels;
        this.tokenizer = tokenizer;
    }

    /**
     * Units of the subwords {@code [from, to)} of raw text; offsets are UTF-16 indices of {@code text}.
     * The first subword of the range always starts a word.
     */
    List<Unit> rawUnits(
            String text, Subwords subwords, ProbabilityRows probabilities, int from, int to, Aggregation strategy) {
        List<Unit> units = new ArrayList<>();
        if (!strategy.isWordLevel()) {
            for (int i = from; i < to; i++) {
                units.add(unit(probabilities.get(i), subwords.starts()[i], subwords.ends()[i]));
            }
            return units;
        }
        int wordStart = from;
        for (int i = from + 1; i <= to; i++) {
            if (i == to || !isSubword(text, subwords, i)) {
                units.add(word(
                        strategy, probabilities, wordStart, i, subwords.starts()[wordStart], subwords.ends()[i - 1]));
                wordStart = i;
            }
        }
        return units;
    }

    /**
     * Units over {@code tokenCount} host tokens: one per token for word-level strategies and
     * {@code NONE} (which reads the first subword), one per subword for {@code SIMPLE}. A token without
     * subwords is {@code O} with score 1.
     */
    List<Unit> hostUnits(Subwords subwords, ProbabilityRows probabilities, int tokenCount, Aggregation strategy) {
        List<Unit> units = new ArrayList<>();
        int i = 0;
        for (int token = 0; token < tokenCount; token++) {
            int first = i;
            while (i < subwords.size() && subwords.wordIds()[i] == token) {
                i++;
            }
            if (first == i) {
                units.add(new Unit(LabelSet.OUTSIDE, 1.0, token, token + 1));
            } else if (strategy == Aggregation.SIMPLE) {
                for (int t = first; t < i; t++) {
                    units.add(unit(probabilities.get(t), token, token + 1));
                }
            } else {
                units.add(word(strategy, probabilities, first, i, token, token + 1));
            }
        }
        return units;
    }

    private Unit word(Aggregation strategy, ProbabilityRows probabilities, int from, int to, int start, int end) {
        WordScorer.Choice choice = WordScorer.choose(strategy, probabilities, from, to);
        return new Unit(labels.label(choice.label()), choice.score(), start, end);
    }

    private Unit unit(float[] probabilities, int start, int end) {
        int label = Probabilities.argmax(probabilities);
        return new Unit(labels.label(label), probabilities[label], start, end);
    }

    /**
     * Does subword {@code i} continue the word before it? Hugging Face's test (the WordPiece length test where the
     * tokenizer has a continuing-subword prefix, else the space heuristic; the unknown token always starts a word),
     * with one change: a subword that starts where the one before it starts continues that one's word (a bare
     * {@code ▁} or {@code Ġ} piece and the piece after it are one word, not two overlapping ones).
     */
    boolean isSubword(String text, Subwords subwords, int i) {
        if (i > 0 && subwords.starts()[i] == subwords.starts()[i - 1]) {
            return true;
        }
        if (tokenizer.unknownTokenId().isPresent()
                && subwords.ids()[i] == tokenizer.unknownTokenId().getAsInt()) {
            return false;
        }
        String token = subwords.tokens()[i];
        if (tokenizer.continuingSubwordPrefix().isPresent()) {
            return token.codePointCount(0, token.length()) != subwords.spanCodePoints()[i];
        }
        int start = subwords.starts()[i];
        return start > 0 && text.charAt(start - 1) != ' ' && (start >= text.length() || text.charAt(start) != ' ');
    }
}
