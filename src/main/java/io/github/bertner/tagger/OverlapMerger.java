package io.github.bertner.tagger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hugging Face's {@code aggregate_overlapping_entities}: entities from overlapping windows, sorted by
 * start; an entity that starts inside the previous kept one replaces it only if it is longer, or as
 * long with a higher score.
 */
final class OverlapMerger {
    private OverlapMerger() {}

    static List<Unit> merge(List<Unit> entities) {
        if (entities.isEmpty()) {
            return entities;
        }
        List<Unit> sorted = new ArrayList<>(entities);
        sorted.sort(Comparator.comparingInt(Unit::start));
        List<Unit> kept = new ArrayList<>();
        Unit previous = sorted.get(0);
        for (Unit entity : sorted) {
            if (previous.start() <= entity.start() && entity.start() < previous.end()) {
                int length = entity.end() - entity.start();
                int previousLength = previous.end() - previous.start();
                if (length > previousLength || (length == previousLength && entity.score() > previous.score())) {
                    previous = entity;
                }
            } else {
                kept.add(previous);
                previous = entity;
            }
        }
        kept.add(previous);
        return kept;
    }
}
