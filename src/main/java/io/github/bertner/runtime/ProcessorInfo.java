package io.github.bertner.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Fields of Linux's {@code /proc/cpuinfo} for the first processor, such as {@code model name} and {@code flags}. */
public final class ProcessorInfo {
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private ProcessorInfo() {}

    /**
     * A field's value.
     *
     * @param name the field, such as {@code "flags"}
     * @return its value, or empty where there is no {@code /proc/cpuinfo} (not Linux) or no such field
     */
    public static Optional<String> field(String name) {
        if (!Files.isReadable(CPU_INFO)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(CPU_INFO, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.startsWith(name) && line.indexOf(':') > 0)
                    .filter(line -> line.substring(0, line.indexOf(':')).trim().equals(name))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
