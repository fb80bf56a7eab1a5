package io.github.bertner.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a whole number with a lower bound, so that a flag's error names the flag and the values it takes. */
public abstract class CountConverter implements ITypeConverter<Integer> {
    private final int minimum;

    /**
     * @param minimum the smallest value taken
     */
    protected CountConverter(int minimum) {
        this.minimum = minimum;
    }

    @Override
    public Integer convert(String value) {
        int count;
        try {
            count = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number; give " + minimum + " or more");
        }
        if (count < minimum) {
            throw new TypeConversionException("must be " + minimum + " or more, was " + count);
        }
        return count;
    }

    /** 0 or more: thread and run counts (0 for automatic), window overlaps. */
    public static final class NonNegative extends CountConverter {
        /** For picocli. */
        public NonNegative() {
            super(0);
        }
    }

    /** 1 or more: batch sizes. */
    public static final class Positive extends CountConverter {
        /** For picocli. */
        public Positive() {
            super(1);
        }
    }
}
