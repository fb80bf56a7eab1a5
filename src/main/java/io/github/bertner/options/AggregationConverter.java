package io.github.bertner.options;

import io.github.bertner.Aggregation;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an aggregation strategy in any case ({@code first}, {@code FIRST}). */
final class AggregationConverter implements ITypeConverter<Aggregation> {
    @Override
    public Aggregation convert(String value) {
        try {
            return Aggregation.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not one of "
                    + Arrays.toString(Aggregation.values()).toLowerCase(Locale.ROOT));
        }
    }
}
