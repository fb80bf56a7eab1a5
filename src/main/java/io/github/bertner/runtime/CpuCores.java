package io.github.bertner.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How many intra-op threads "all cores" means: the physical cores of Linux's CPU topology (distinct package and core
 * ids of the CPUs it lists), at most the processors the JVM may use (its affinity and container quota). ONNX Runtime's
 * own default is also one thread a physical core, but it counts them from the processor's {@code CPUID}, which a
 * virtual machine can report wrong: on this project's 2-core AMD EPYC virtual machine it counted one core, so every
 * model ran on one thread (BERT-base 640 words/s instead of 1,110 with two). Where the topology cannot be read (not
 * Linux), ONNX Runtime's default stays.
 */
final class CpuCores {
    private static final Path LINUX_CPUS = Path.of("/sys/devices/system/cpu");
    private static final Pattern CPU_DIRECTORY = Pattern.compile("cpu[0-9]+");

    private CpuCores() {}

    /**
     * The physical cores this process may use.
     *
     * @return their number, or 0 where they cannot be counted
     */
    static int physical() {
        return physical(LINUX_CPUS, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The physical cores of a CPU topology tree.
     *
     * @param cpus a directory laid out as Linux's {@code /sys/devices/system/cpu}
     * @param available the most to count: the processors the process may use
     * @return their number, at most {@code available}; 0 where no CPU's topology can be read
     */
    static int physical(Path cpus, int available) {
        Set<String> cores = new HashSet<>();
        try (Stream<Path> entries = Files.list(cpus)) {
            entries.filter(entry -> CPU_DIRECTORY
                            .matcher(entry.getFileName().toString())
                            .matches())
                    .forEach(cpu -> core(cpu.resolve("topology")).ifPresent(cores::add));
        } catch (IOException e) {
            return 0;
        }
        return Math.min(cores.size(), available);
    }

    /** A CPU's package and core id, where its topology can be read. */
    private static Optional<String> core(Path topology) {
        try {
            return Optional.of(
                    Files.readString(topology.resolve("physical_package_id")).trim() + ":"
                            + Files.readString(topology.resolve("core_id")).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
