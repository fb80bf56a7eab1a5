package io.github.bertner.options;

import io.github.bertner.Device;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code cpu}, {@code cuda} or {@code cuda:N}. */
public final class DeviceConverter implements ITypeConverter<Device> {
    @Override
    public Device convert(String value) {
        try {
            return Device.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
