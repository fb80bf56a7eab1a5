package io.github.bertner;

/**
 * How subword predictions become word and entity predictions; the strategies of the Hugging Face
 * {@code TokenClassificationPipeline} ({@code aggregation_strategy}).
 */
public enum Aggregation {
    /** Every subword is its own entity, with its full label (for example {@code B-PER}); no grouping. */
    NONE,
    /** Subword labels are grouped into entities directly; a word may be split between entities. */
    SIMPLE,
    /** A word takes the label and score of its first subword. */
    FIRST,
    /** A word takes the label of the element-wise mean of its subwords' probability vectors. */
    AVERAGE,
    /** A word takes the label and score of its most confident subword (the first one on ties). */
    MAX;

    /**
     * Reads a strategy's name in any case ({@code first}, {@code FIRST}).
     *
     * @param name the name
     * @return the strategy
     * @throws IllegalArgumentException naming the value and the strategies there are
     */
    public static Aggregation parse(String name) {
        for (Aggregation aggregation : values()) {
            if (name != null && aggregation.name().equalsIgnoreCase(name.trim())) {
                return aggregation;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not one of none, simple, first, average, max");
    }

    /**
     * Whether this strategy assigns one label per word before grouping.
     *
     * @return true for {@link #FIRST}, {@link #AVERAGE} and {@link #MAX}
     */
    public boolean isWordLevel() {
        return this == FIRST || this == AVERAGE || this == MAX;
    }
}
