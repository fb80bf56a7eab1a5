package io.github.bertner.tagger;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups labelled units into entities (Hugging Face's {@code group_entities}, extended to BIOES) and
 * drops {@code O}.
 */
final class EntityGrouper {
    private final LabelSet labels;

    EntityGrouper(LabelSet labels) {
        this.labels = labels;
    }

    /** Consecutive units of one entity become one: type of the first, mean score, first start, last end. */
    List<Unit> group(List<Unit> units) {
        List<Unit> entities = new ArrayList<>();
        int open = 0;
        for (int i = 1; i <= units.size(); i++) {
            if (i == units.size()
                    || !labels.continues(units.get(i - 1).label(), units.get(i).label())) {
                if (i > open) {
                    addUnlessOutside(entities, merge(units.subList(open, i)));
                }
                open = i;
            }
        }
        return entities;
    }

    /** Every unit is its own entity with its full label ({@link Aggregation#NONE}). */
    List<Unit> ungrouped(List<Unit> units) {
        List<Unit> entities = new ArrayList<>();
        for (Unit unit : units) {
            addUnlessOutside(entities, unit);
        }
        return entities;
    }

    private Unit merge(List<Unit> members) {
        double sum = 0;
        int counted = 0;
        for (Unit member : members) {
            if (!Double.isNaN(member.score())) {
                sum += member.score();
                counted++;
            }
        }
        Unit first = members.get(0);
        String type = labels.entityType(first.label());
        return new Unit(
                type,
                counted == 0 ? Double.NaN : sum / counted,
                first.start(),
                members.get(members.size() - 1).end());
    }

    private static void addUnlessOutside(List<Unit> entities, Unit entity) {
        if (!LabelSet.OUTSIDE.equals(entity.label())) {
            entities.add(entity);
        }
    }
}
