package io.github.bertner.conll;

import io.github.bertner.TokenSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps entity types before scoring, for example {@code MISC=O} for a model without MISC: both {@code B-MISC} and
 * {@code I-MISC} become {@code O}; {@code GPE=LOC} turns {@code B-GPE} into {@code B-LOC}. Predicted spans are mapped
 * alike, so that a zero-shot model asked for {@code person} is scored on gold {@code PER} with {@code person=PER}.
 */
public final class LabelMap {
    /** The target that drops a type: its labels read as outside every entity. */
    public static final String DROPPED = "O";

    private final Map<String, String> types;

    private LabelMap(Map<String, String> types) {
        this.types = Map.copyOf(types);
    }

    /**
     * Parses {@code TYPE=TARGET} rules.
     *
     * @param rules the rules, each {@code TYPE=TARGET} where TARGET is a type or {@code O}
     * @return the map
     * @throws IllegalArgumentException naming a rule that is not {@code TYPE=TARGET}
     */
    public static LabelMap parse(List<String> rules) {
        Map<String, String> types = new HashMap<>();
        for (String rule : rules) {
            int eq = rule.indexOf('=');
            if (eq <= 0 || eq == rule.length() - 1 || rule.indexOf('=', eq + 1) >= 0) {
                throw new IllegalArgumentException(
                        "label map rule \"" + rule + "\" must have the form TYPE=TARGET, for example MISC=O");
            }
            types.put(rule.substring(0, eq).trim(), rule.substring(eq + 1).trim());
        }
        return of(types);
    }

    /**
     * A map from entity types to their targets.
     *
     * @param types entity type (without BIO prefix) to the type to report instead, or to {@code O} to drop
     *     it; for example {@code Map.of("MISC", "O")}
     * @return the map
     * @throws IllegalArgumentException if {@code types} is null or has a null or empty key or value
     */
    public static LabelMap of(Map<String, String> types) {
        if (types == null) {
            throw new IllegalArgumentException("the type mapping is null");
        }
        types.forEach((type, target) -> {
            if (type == null || type.isEmpty() || target == null || target.isEmpty()) {
                throw new IllegalArgumentException(
                        "the type mapping has a null or empty entry: " + type + " -> " + target);
            }
        });
        return new LabelMap(types);
    }

    /**
     * The rules.
     *
     * @return entity type to its target type, or to {@code O} to drop it
     */
    public Map<String, String> types() {
        return types;
    }

    /**
     * Maps each label.
     *
     * @param labels BIO labels
     * @return the mapped labels (a new array)
     */
    public String[] apply(String[] labels) {
        String[] mapped = new String[labels.length];
        for (int i = 0; i < labels.length; i++) {
            mapped[i] = map(labels[i]);
        }
        return mapped;
    }

    /**
     * Maps the types of predicted spans; a span mapped to {@code O} is dropped.
     *
     * @param spans the spans
     * @return the mapped spans (a new list)
     */
    public List<TokenSpan> applyToSpans(List<TokenSpan> spans) {
        List<TokenSpan> mapped = new ArrayList<>(spans.size());
        for (TokenSpan span : spans) {
            String target = types.getOrDefault(span.label(), span.label());
            if (!target.equals(DROPPED)) {
                mapped.add(new TokenSpan(span.start(), span.end(), target, span.score()));
            }
        }
        return mapped;
    }

    private String map(String label) {
        boolean prefixed = label.length() > 2 && label.charAt(1) == '-';
        String type = prefixed ? label.substring(2) : label;
        String target = types.get(type);
        if (target == null) {
            return label;
        }
        return DROPPED.equals(target) || !prefixed ? target : label.substring(0, 2) + target;
    }
}
