package io.github.bertner.tagger;

import io.github.bertner.Aggregation;
import io.github.bertner.TokenLabels;
import io.github.bertner.TokenSpan;
import java.util.Arrays;
import java.util.List;

/** The BIO label and score of every host token, from its units and the entities decoded from them. */
final class HostLabels {
    private HostLabels() {}

    /**
     * Labels the tokens: an entity's tokens {@code B-}/{@code I-} its label (its bare label without aggregation),
     * others {@code O}; a token's score is its entity's, or outside entities that of its own label.
     */
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
}
