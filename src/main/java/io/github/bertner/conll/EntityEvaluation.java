package io.github.bertner.conll;

import io.github.bertner.TokenSpan;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 by the rules of CoNLL's {@code conlleval}: an entity counts as
 * correct only when its span and type equal a gold entity's; and, as conlleval also reports it, token accuracy:
 * the share of tokens whose BIO label equals the gold one. Not thread-safe: one evaluation per thread.
 */
public final class EntityEvaluation {
    private final Map<String, EntityCounts> byType = new TreeMap<>();
    private EntityCounts total = new EntityCounts(0, 0, 0);
    private int tokens;
    private int correctTokens;

    /**
     * Adds one sentence given as gold BIO labels and predicted entities.
     *
     * @param goldLabels one gold BIO label per token
     * @param predicted the predicted entities over the same tokens
     */
    public void add(String[] goldLabels, List<TokenSpan> predicted) {
        add(BioChunker.spans(goldLabels), predicted);
        String[] predictedLabels = BioChunker.labels(goldLabels.length, predicted);
        for (int t = 0; t < goldLabels.length; t++) {
            correctTokens += goldLabels[t].equals(predictedLabels[t]) ? 1 : 0;
        }
        tokens += goldLabels.length;
    }

    /**
     * The share of tokens whose predicted BIO label equals the gold one, over the sentences added with their
     * labels.
     *
     * @return the accuracy in [0, 1], or 0 before any token
     */
    public double accuracy() {
        return tokens == 0 ? 0 : (double) correctTokens / tokens;
    }

    /**
     * Adds one sentence.
     *
     * @param gold the gold entities
     * @param predicted the predicted entities
     */
    public void add(List<TokenSpan> gold, List<TokenSpan> predicted) {
        Set<String> goldKeys = new HashSet<>();
        for (TokenSpan span : gold) {
            goldKeys.add(key(span));
            count(span.label(), 1, 0, 0);
        }
        for (TokenSpan span : predicted) {
            int correct = goldKeys.contains(key(span)) ? 1 : 0;
            count(span.label(), 0, 1, correct);
        }
    }

    /**
     * Counts per entity type.
     *
     * @return counts by type, sorted by type
     */
    public Map<String, EntityCounts> byType() {
        return Map.copyOf(byType);
    }

    /**
     * Counts over all types (micro average).
     *
     * @return the totals
     */
    public EntityCounts total() {
        return total;
    }

    private void count(String type, int gold, int predicted, int correct) {
        byType.put(type, byType.getOrDefault(type, new EntityCounts(0, 0, 0)).plus(gold, predicted, correct));
        total = total.plus(gold, predicted, correct);
    }

    private static String key(TokenSpan span) {
        return span.start() + ":" + span.end() + ":" + span.label();
    }
}
