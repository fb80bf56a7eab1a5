package io.github.bertner.conll;

import io.github.bertner.TokenSpan;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 by the rules of CoNLL's {@code conlleval}: an entity counts as
 * correct only when its span and type equal a gold entity's. Not thread-safe: one evaluation per thread.
 */
public final class EntityEvaluation {
    private final Map<String, EntityCounts> byType = new TreeMap<>();
    private EntityCounts total = new EntityCounts(0, 0, 0);

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
