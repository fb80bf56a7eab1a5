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
