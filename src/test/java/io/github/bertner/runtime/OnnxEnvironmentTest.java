package io.github.bertner.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Models in one process share one pool of ONNX Runtime threads, and where the application made the environment
 * first, each keeps its own and still tags. Each case runs in a JVM of its own ({@link OnnxThreadsProbe}), since the
 * environment is made once per process; threads are counted in Linux {@code /proc}.
 */
class OnnxEnvironmentTest {
    private static final String ENTITIES =
            "entities [Entity[label=PER, start=0, end=12, score=0.9752912521362305, text=Chili Jensen], "
                    + "Entity[label=LOC, start=19, end=28, score=0.9999117851257324, text=København]]";

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
        for (String mode : List.of("shared", "made-elsewhere")) {
            List<String> lines = run(mode);
            assertThat(lines.stream().filter(line -> line.startsWith("entities ")))
                    .as(mode)
                    .containsExactly(ENTITIES, ENTITIES, ENTITIES);
        }
    }

    private static long threads(List<String> lines, int model) {
        return Long.parseLong(lines.stream()
                .filter(line -> line.startsWith("threads "))
                .toList()
                .get(model)
                .substring("threads ".length()));
    }

    private static List<String> run(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder =
                new ProcessBuilder(java.toString(), "-cp", classPath, OnnxThreadsProbe.class.getName(), mode);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("probe finished").isTrue();
        assertThat(process.exitValue())
                .as("probe exit status, output %s", lines)
                .isZero();
        return lines;
    }
}
