package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.bertner.ProbeJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Models in one process share one pool of ONNX Runtime threads, and where the application made the environment
 * first, each keeps its own and still tags. Each case runs in a JVM of its own ({@link OnnxThreadsProbe}), since the
 * environment is made once per process; threads are counted in Linux {@code /proc}.
 */
@Tag("slow")
class OnnxEnvironmentTest {
    @BeforeAll
    static void linuxOnly() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/task")), "needs Linux /proc to count threads");
    }

    @Test
    void threeModelsShareOnePoolOfThreads() throws Exception {
        List<String> elsewhere = run("made-elsewhere");
        List<String> shared = run("shared");

        assumeTrue(
                threads(elsewhere, 2) > threads(elsewhere, 0),
                "ONNX Runtime makes no threads beside the caller's on this machine: " + elsewhere);
        assertThat(threads(shared, 2)).as("%s", shared).isEqualTo(threads(shared, 0));
    }

    @Test
    void modelsTagTheSameWhetherOrNotTheyShareThreads() throws Exception {
        List<String> shared = entities(run("shared"));
        List<String> elsewhere = entities(run("made-elsewhere"));

        assertThat(shared).hasSize(3).containsOnly(shared.get(0));
        assertThat(shared.get(0)).contains("label=PER, start=0, end=12", "label=LOC, start=19, end=28");
        assertThat(elsewhere).isEqualTo(shared);
    }

    private static List<String> entities(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("entities ")).toList();
    }

    private static long threads(List<String> lines, int model) {
        return Long.parseLong(lines.stream()
                .filter(line -> line.startsWith("threads "))
                .toList()
                .get(model)
                .substring("threads ".length()));
    }

    private static List<String> run(String mode) throws IOException, InterruptedException {
        return ProbeJvm.run(OnnxThreadsProbe.class, List.of(), 2, mode);
    }
}
