package io.github.bertner.tagger;

import java.util.ArrayList;
import java.util.List;

/** Makes entities over host tokens disjoint. */
final class TokenSpans {
    private TokenSpans() {}

    /**
     * Resolves entities that share a host token (possible with {@link Aggregation#SIMPLE}, where
     * subwords of one token can belong to different entities): the earlier entity keeps the token, a
     * later one starts after it, and one left with no token is dropped.
     */
    static List<Unit> withoutOverlaps(List<Unit> entities) {
        List<Unit> disjoint = new ArrayList<>(entities.size());
        int taken = 0;
        for (Unit entity : entities) {
            int start = Math.max(entity.start(), taken);
            if (start < entity.end()) {
                disjoint.add(new Unit(entity.label(), entity.score(), start, entity.end()));
                taken = entity.end();
            }
        }
        return disjoint;
    }
}
