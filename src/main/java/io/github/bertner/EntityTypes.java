package io.github.bertner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The entity types a call asks for, and the scores they must pass. A zero-shot span model (GLiNER) finds exactly the
 * types named here, in any words its caller chooses ({@code person}, {@code medication}, {@code court}); a
 * fine-tuned token classifier finds the types it was trained on, all of them for {@link #model()}, or only those
 * named here (each must be one of its labels). Immutable and serializable; names keep the caller's order, a name
 * given twice counts once (as in GLiNER).
 *
 * <p>A threshold is a probability in [0, 1]: an entity is kept when its score is above it. A span model keeps spans
 * above {@link #DEFAULT_THRESHOLD} unless told otherwise; a token classifier keeps every entity unless a threshold
 * is given. A call may also say how a span model chooses among overlapping spans ({@link #withSpanDecoding}), as
 * GLiNER's {@code predict_entities} takes {@code flat_ner} and {@code multi_label} per call.
 */
public final class EntityTypes implements Serializable {
    private static final long serialVersionUID = 2L;

    /** The threshold of a span model where none is given: GLiNER's default, 0.5. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private static final EntityTypes MODEL = new EntityTypes(List.of(), null, Map.of(), null);

    private final List<String> names;
    private final Double threshold;
    private final Map<String, Double> thresholds;
    private final SpanDecoding spanDecoding;

    private EntityTypes(
            List<String> names, Double threshold, Map<String, Double> thresholds, SpanDecoding spanDecoding) {
        this.names = names;
        this.threshold = threshold;
        this.thresholds = thresholds;
        this.spanDecoding = spanDecoding;
    }

    /**
     * The model's own types: every label of a fine-tuned token classifier. A zero-shot model refuses it: it has no
     * types of its own.
     *
     * @return the types
     */
    public static EntityTypes model() {
        return MODEL;
    }

    /**
     * Types by name.
     *
     * @param names the types, such as {@code "person"}, {@code "organization"}; at least one
     * @return the types
     * @throws IllegalArgumentException if there is none, or one is null or blank (naming its position)
     */
    public static EntityTypes of(String... names) {
        if (names == null) {
            throw new IllegalArgumentException("entity types are null");
        }
        return of(Arrays.asList(names));
    }

    /**
     * Types by name.
     *
     * @param names the types; at least one
     * @return the types
     * @throws IllegalArgumentException if there is none, or one is null or blank (naming its position)
     */
    public static EntityTypes of(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("no entity types were given: name at least one, such as person");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("entity type " + (i + 1) + " of " + names.size() + " is "
                        + (name == null ? "null" : "empty") + ": each type must be a name, such as person");
            }
            unique.add(name);
        }
        return new EntityTypes(List.copyOf(unique), null, Map.of(), null);
    }

    /**
     * Reads types from text: names separated by commas, each optionally with its own threshold after an equals sign,
     * as {@code person,organization=0.6,location} (spaces around names are dropped). A backslash takes the character
     * after it as part of the name: {@code Smith\, Jones} is one type, {@code a\=b} another.
     *
     * @param text the list
     * @return the types
     * @throws IllegalArgumentException naming an empty type, a threshold that is not a number in [0, 1], or a type
     *     given twice with different thresholds
     */
    public static EntityTypes parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no entity types were given: name at least one, such as person");
        }
        List<String> names = new ArrayList<>();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (List<String> part : split(text)) {
            String name = part.get(0).strip();
            names.add(name);
            if (part.size() > 1 && !name.isEmpty()) {
                double value = parseThreshold(part.get(1).strip(), name);
                Double earlier = thresholds.put(name, value);
                if (earlier != null && earlier != value) {
                    throw new IllegalArgumentException(name + " is given twice, with the thresholds " + earlier
                            + " and " + value + ": give it once");
                }
            }
        }
        EntityTypes types = of(names);
        for (Map.Entry<String, Double> entry : thresholds.entrySet()) {
            types = types.withThreshold(entry.getKey(), entry.getValue());
        }
        return types;
    }

    /**
     * The comma-separated parts of a list, each split at its last unescaped equals sign; a backslash takes the
     * character after it as it is ({@code \,} a comma in a name, {@code \=} an equals sign, {@code \\} a
     * backslash).
     */
    private static List<List<String>> split(String text) {
        List<List<String>> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int equals = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(text.charAt(++i));
            } else if (c == ',') {
                parts.add(part(current, equals));
                current.setLength(0);
                equals = -1;
            } else {
                if (c == '=') {
                    equals = current.length();
                }
                current.append(c);
            }
        }
        parts.add(part(current, equals));
        return parts;
    }

    private static List<String> part(StringBuilder text, int equals) {
        return equals < 0 ? List.of(text.toString()) : List.of(text.substring(0, equals), text.substring(equals + 1));
    }

    private static double parseThreshold(String text, String name) {
        try {
            return checkThreshold(Double.parseDouble(text), "the threshold of " + name);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "the threshold of " + name + " is \"" + text + "\", not a number in [0, 1]", e);
        }
    }

    /**
     * The same types with a threshold for every type that has none of its own.
     *
     * @param value a probability in [0, 1]
     * @return the types
     * @throws IllegalArgumentException if the value is outside [0, 1]
     */
    public EntityTypes withThreshold(double value) {
        return new EntityTypes(names, checkThreshold(value, "the threshold"), thresholds, spanDecoding);
    }

    /**
     * The same types with a threshold of one type's own.
     *
     * @param type one of the types
     * @param value a probability in [0, 1]
     * @return the types
     * @throws IllegalArgumentException if the type is not among them or the value is outside [0, 1]
     */
    public EntityTypes withThreshold(String type, double value) {
        if (!names.contains(type)) {
            throw new IllegalArgumentException(
                    "\"" + type + "\" is not among the entity types " + names + ": a threshold needs its type");
        }
        Map<String, Double> copy = new LinkedHashMap<>(thresholds);
        copy.put(type, checkThreshold(value, "the threshold of " + type));
        return new EntityTypes(names, threshold, Collections.unmodifiableMap(copy), spanDecoding);
    }

    /**
     * The same types, decoded by a span model as this call says rather than as its configuration does.
     *
     * @param value nested or flat, multi-label or not
     * @return the types
     * @throws IllegalArgumentException if the value is null
     */
    public EntityTypes withSpanDecoding(SpanDecoding value) {
        if (value == null) {
            throw new IllegalArgumentException("spanDecoding is null");
        }
        return new EntityTypes(names, threshold, thresholds, value);
    }

    /**
     * How this call asks a span model to choose among overlapping spans, if it says.
     *
     * @return the decoding, or empty for the recognizer's configured one
     */
    public Optional<SpanDecoding> spanDecoding() {
        return Optional.ofNullable(spanDecoding);
    }

    private static double checkThreshold(double value, String what) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " must be a probability in [0, 1], was " + value);
        }
        return value;
    }

    /**
     * Whether these are the model's own types ({@link #model()}).
     *
     * @return true when no type is named
     */
    public boolean isModel() {
        return names.isEmpty();
    }

    /**
     * The types, in the caller's order, each once.
     *
     * @return the names; empty for {@link #model()}
     */
    public List<String> names() {
        return names;
    }

    /**
     * The threshold of one type: its own, else the one for all types, else {@code fallback}.
     *
     * @param type the type
     * @param fallback the model's default
     * @return a probability in [0, 1]
     */
    public double threshold(String type, double fallback) {
        Double own = thresholds.get(type);
        return own != null ? own : threshold != null ? threshold : fallback;
    }

    /**
     * Whether any threshold was given, for all types or for one.
     *
     * @return true if one was
     */
    public boolean hasThreshold() {
        return threshold != null || !thresholds.isEmpty();
    }

    /**
     * The threshold given for all types, if one was.
     *
     * @return the threshold, or empty
     */
    public OptionalDouble threshold() {
        return threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntityTypes that
                && names.equals(that.names)
                && Objects.equals(threshold, that.threshold)
                && thresholds.equals(that.thresholds)
                && Objects.equals(spanDecoding, that.spanDecoding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, threshold, thresholds, spanDecoding);
    }

    /** For example {@code types [person, city], threshold 0.4, city 0.25, nested}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(isModel() ? "the model's types" : "types " + names);
        if (threshold != null) {
            text.append(", threshold ").append(threshold);
        }
        thresholds.forEach(
                (type, value) -> text.append(", ").append(type).append(' ').append(value));
        if (spanDecoding != null) {
            text.append(spanDecoding.nested() ? ", nested" : ", flat");
            text.append(spanDecoding.multiLabel() ? ", multi-label" : "");
        }
        return text.toString();
    }
}
