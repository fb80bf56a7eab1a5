package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test's probe class run in a JVM of its own, on the test class path, for what a test cannot see in its own JVM
 * (the resident set size from the start, state made once per process). Standard output is the channel back.
 */
public final class ProbeJvm {
    private ProbeJvm() {}

    /**
     * Runs a probe and waits for it, which must end with status 0 within the time given.
     *
     * @param probe the class whose {@code main} runs
     * @param jvmOptions options of the JVM, such as a fixed heap
     * @param minutes the longest the probe may take
     * @param args the probe's arguments
     * @return the lines it wrote to standard output
     */
    public static List<String> run(Class<?> probe, List<String> jvmOptions, long minutes, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                probe.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        assertThat(process.waitFor(minutes, TimeUnit.MINUTES))
                .as("probe finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("probe exit status, output %s", lines)
                .isZero();
        return lines;
    }
}
