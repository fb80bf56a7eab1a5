package io.github.bertner;

import java.util.Arrays;
import java.util.List;

/**
 * One label and score per host token, for CoNLL-style output.
 *
 * @param labels per token: {@code B-TYPE} on an entity's first token, {@code I-TYPE} on its others,
 *     {@code O} outside entities; with {@link Aggregation#NONE}, the token's own full label
 * @param scores per token: its entity's score, or outside entities the probability of the token's own
 *     label (1.0 for a token without subwords)
 */
public record TokenLabels(List<String> labels, double[] scores) {

    /** Copies the arrays. */
    public TokenLabels {
        labels = List.copyOf(labels);
        scores = scores.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    static TokenLabels of(int tokenCount, List<Unit> units, List<TokenSpan> spans, Aggregation strategy) {
        String[] labels = new String[tokenCount];
        double[] scores = new double[tokenCount];
        Arrays.fill(labels, LabelSet.OUTSIDE);
        for (Unit unit : units) {
            if (scores[unit.start()] == 0) {
                scores[unit.start()] = unit.score();
            }
        }
        for (TokenSpan span : spans) {
            for (int t = span.start(); t < span.end(); t++) {
                boolean first = t == span.start();
                labels[t] = strategy == Aggregation.NONE ? span.label() : (first ? "B-" : "I-") + span.label();
                scores[t] = span.score();
            }
        }
        return new TokenLabels(Arrays.asList(labels), scores);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenLabels that && labels.equals(that.labels) && Arrays.equals(scores, that.scores);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "TokenLabels" + labels + Arrays.toString(scores);
    }
}
