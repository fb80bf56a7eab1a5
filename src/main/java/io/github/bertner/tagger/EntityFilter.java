package io.github.bertner.tagger;

import io.github.bertner.EntityTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** Keeps, of a token classifier's entities, those of the types a call asks for, above their thresholds. */
final class EntityFilter {
    private final EntityTypes types;
    private final LabelSet labels;
    private final Set<String> wanted;

    private EntityFilter(EntityTypes types, LabelSet labels, Set<String> wanted) {
        this.types = types;
        this.labels = labels;
        this.wanted = wanted;
    }

    /**
     * The filter for a call.
     *
     * @throws IllegalArgumentException naming a type the model does not find, and those it does
     */
    static EntityFilter of(EntityTypes types, LabelSet labels) {
        List<String> known = labels.entityTypes();
        for (String type : types.names()) {
            if (!known.contains(type)) {
                throw new IllegalArgumentException(
                        "entity type \"" + type + "\" is not one this model finds: it was trained on "
                                + String.join(", ", known)
                                + " (a zero-shot GLiNER model finds types named at run time)");
            }
        }
        return new EntityFilter(types, labels, Set.copyOf(types.isModel() ? known : types.names()));
    }

    /** The entities of the wanted types whose score is above their type's threshold, if one was given. */
    <T> List<T> keep(List<T> entities, Function<T, String> label, ToDoubleFunction<T> score) {
        if (types.isModel() && !types.hasThreshold()) {
            return entities;
        }
        List<T> kept = new ArrayList<>(entities.size());
        for (T entity : entities) {
            String type = labels.tag(label.apply(entity)).type();
            if (wanted.contains(type)
                    && score.applyAsDouble(entity) > types.threshold(type, Double.NEGATIVE_INFINITY)) {
                kept.add(entity);
            }
        }
        return kept;
    }
}
