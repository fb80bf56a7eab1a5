package io.github.bertner.tagger;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model's labels ({@code id2label}) and how they decode: BIO as the Hugging Face pipeline does, or
 * BIOES / BILOU when the label set uses {@code E-}, {@code S-}, {@code L-} or {@code U-}. Labels in
 * brackets ({@code [PAD]}, {@code [CLS]}, …) read as {@code O} unless they are kept.
 */
final class LabelSet {
    static final String OUTSIDE = "O";

    /** The position a label marks in an entity. */
    enum Position {
        BEGIN,
        INSIDE,
        END,
        SINGLE
    }

    /** A label's position and entity type; {@code O} and unprefixed labels are {@code INSIDE}. */
    record Tag(Position position, String type) {}

    private final List<String> labels;
    private final boolean keepSpecialLabels;
    private final boolean extendedScheme;
    private final Map<String, Tag> decodedTags = new HashMap<>();

    LabelSet(List<String> labels, boolean keepSpecialLabels) {
        this.labels = List.copyOf(labels);
        this.keepSpecialLabels = keepSpecialLabels;
        this.extendedScheme = labels.stream().anyMatch(LabelSet::hasExtendedPrefix);
        for (int id = 0; id < labels.size(); id++) {
            decodedTags.put(label(id), parse(label(id)));
        }
    }

    int size() {
        return labels.size();
    }

    /** The label of class {@code id} as decoding sees it: special labels become {@code O} unless kept. */
    String label(int id) {
        String label = labels.get(id);
        return !keepSpecialLabels && isSpecial(label) ? OUTSIDE : label;
    }

    /** The position and type of a label: read once for each of the model's labels, parsed for any other. */
    Tag tag(String label) {
        Tag tag = decodedTags.get(label);
        return tag != null ? tag : parse(label);
    }

    private Tag parse(String label) {
        if (label.length() > 2 && label.charAt(1) == '-') {
            switch (label.charAt(0)) {
                case 'B':
                    return new Tag(Position.BEGIN, label.substring(2));
                case 'I':
                    return new Tag(Position.INSIDE, label.substring(2));
                default:
                    break;
            }
            if (extendedScheme) {
                switch (label.charAt(0)) {
                    case 'E', 'L':
                        return new Tag(Position.END, label.substring(2));
                    case 'S', 'U':
                        return new Tag(Position.SINGLE, label.substring(2));
                    default:
                        break;
                }
            }
        }
        return new Tag(Position.INSIDE, label);
    }

    /**
     * Whether a unit labelled {@code next} continues the entity whose last unit is labelled
     * {@code last}: same type, {@code next} does not begin one, and {@code last} did not end one.
     */
    boolean continues(String last, String next) {
        Tag lastTag = tag(last);
        Tag nextTag = tag(next);
        return lastTag.type().equals(nextTag.type())
                && nextTag.position() != Position.BEGIN
                && nextTag.position() != Position.SINGLE
                && lastTag.position() != Position.END
                && lastTag.position() != Position.SINGLE;
    }

    /** The entity type an entity whose first unit has {@code label} gets (Hugging Face's rule for BIO). */
    String entityType(String label) {
        return extendedScheme ? tag(label).type() : label.substring(label.indexOf('-') + 1);
    }

    /** The entity types the labels name, in the order of their first label, without {@code O} and special labels. */
    List<String> entityTypes() {
        Set<String> types = new LinkedHashSet<>();
        for (int id = 0; id < labels.size(); id++) {
            String label = label(id);
            if (!label.equals(OUTSIDE)) {
                types.add(tag(label).type());
            }
        }
        return List.copyOf(types);
    }

    static boolean isSpecial(String label) {
        return label.startsWith("[") && label.endsWith("]");
    }

    private static boolean hasExtendedPrefix(String label) {
        return label.length() > 2 && label.charAt(1) == '-' && "ESLU".indexOf(label.charAt(0)) >= 0;
    }
}
