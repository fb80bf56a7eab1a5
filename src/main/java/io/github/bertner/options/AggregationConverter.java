package io.github.bertner.options;

import io.github.bertner.Aggregation;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an aggregation strategy in any case ({@code first}, {@code FIRST}). */
final class AggregationConverter implements ITypeConverter<Aggregation> {
    @Override
    public Aggregation convert(String value) {
        try {
            return Aggregation.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
