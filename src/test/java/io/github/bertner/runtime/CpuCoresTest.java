package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Physical cores counted from Linux's CPU topology, as sysfs lays it out. */
@Tag("unit")
class CpuCoresTest {
    @TempDir
    Path cpus;

    /** Two virtual CPUs on cores of their own, hyperthreads of one core, one core in each of two packages. */
    @ParameterizedTest(name = "cpu0 on package {0} core {1}, cpu1 on package {2} core {3}: {4} cores")
    @CsvSource({"0, 0, 0, 1, 2", "0, 0, 0, 0, 1", "0, 0, 1, 0, 2"})
    void eachPackageAndCoreIsOneCore(int package0, int core0, int package1, int core1, int cores) throws IOException {
        cpu(0, package0, core0);
        cpu(1, package1, core1);
        assertThat(CpuCores.physical(cpus, 2)).isEqualTo(cores);
    }

    @Test
    void aProcessAllowedFewerProcessorsGetsThatMany() throws IOException {
        for (int i = 0; i < 8; i++) {
            cpu(i, 0, i);
        }
        assertThat(CpuCores.physical(cpus, 3)).isEqualTo(3);
    }

    @Test
    void entriesThatAreNotCpusAndCpusWithoutTopologyAreLeftOut() throws IOException {
        cpu(0, 0, 0);
        Files.createDirectories(cpus.resolve("cpu1"));
        Files.createDirectories(cpus.resolve("cpufreq").resolve("topology"));
        Files.writeString(cpus.resolve("cpufreq").resolve("topology").resolve("core_id"), "7\n");
        Files.writeString(cpus.resolve("cpufreq").resolve("topology").resolve("physical_package_id"), "0\n");
        assertThat(CpuCores.physical(cpus, 2)).isEqualTo(1);
    }

    @Test
    void withoutATopologyOnnxRuntimeDecides() {
        assertThat(CpuCores.physical(cpus.resolve("absent"), 4)).isZero();
        assertThat(CpuCores.physical(cpus, 4)).isZero();
    }

    private void cpu(int cpu, int packageId, int coreId) throws IOException {
        Path topology = Files.createDirectories(cpus.resolve("cpu" + cpu).resolve("topology"));
        Files.writeString(topology.resolve("physical_package_id"), packageId + "\n");
        Files.writeString(topology.resolve("core_id"), coreId + "\n");
    }
}
