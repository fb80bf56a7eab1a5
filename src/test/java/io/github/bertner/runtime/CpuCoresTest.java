package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Physical cores counted from Linux's CPU topology, as sysfs lays it out. */
@Tag("unit")
class CpuCoresTest {
    @TempDir
    Path cpus;

    @Test
    void twoVirtualCpusOnCoresOfTheirOwnAreTwoCores() throws IOException {
        cpu(0, 0, 0);
        cpu(1, 0, 1);
        assertThat(CpuCores.physical(cpus, 2)).isEqualTo(2);
    }

    @Test
    void hyperthreadsOfOneCoreAreOneCore() throws IOException {
        cpu(0, 0, 0);
        cpu(1, 0, 0);
        cpu(2, 0, 1);
        cpu(3, 0, 1);
        assertThat(CpuCores.physical(cpus, 4)).isEqualTo(2);
    }

    @Test
    void coresOfTwoPackagesAreCountedApart() throws IOException {
        cpu(0, 0, 0);
        cpu(1, 1, 0);
        assertThat(CpuCores.physical(cpus, 2)).isEqualTo(2);
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
