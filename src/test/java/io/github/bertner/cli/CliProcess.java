package io.github.bertner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line in a JVM of its own, with environment variables of the test's choosing (the Hub
 * settings are read from the environment, as a user sets them).
 */
record CliProcess(int exitCode, String out, String err) {
    private static final long TIMEOUT_SECONDS = 120;

    /** Starts the command line; call {@link #finish(Process, Path, Path)} to wait for it. */
    static Process start(Map<String, String> environment, Path stdin, Path stdout, Path stderr, String... args)
            throws IOException {
        return start(List.of(), environment, stdin, stdout, stderr, args);
    }

    /** Starts the command line in a JVM with the given options (such as a heap limit). */
    static Process start(
            List<String> jvmOptions,
            Map<String, String> environment,
            Path stdin,
            Path stdout,
            Path stderr,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("HF_")
                        || name.equals("BERT_NER_CACHE")
                        || name.equals("HUGGING_FACE_HUB_TOKEN")
                        || name.equals("TRANSFORMERS_OFFLINE"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    static CliProcess finish(Process process, Path stdout, Path stderr) throws IOException, InterruptedException {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the command line did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new CliProcess(
                process.exitValue(),
                java.nio.file.Files.readString(stdout, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(stderr, StandardCharsets.UTF_8));
    }

    static CliProcess run(Map<String, String> environment, Path work, Path stdin, String... args)
            throws IOException, InterruptedException {
        return run(List.of(), environment, work, stdin, args);
    }

    static CliProcess run(
            List<String> jvmOptions, Map<String, String> environment, Path work, Path stdin, String... args)
            throws IOException, InterruptedException {
        Path stdout = java.nio.file.Files.createTempFile(work, "out", ".txt");
        Path stderr = java.nio.file.Files.createTempFile(work, "err", ".txt");
        return finish(start(jvmOptions, environment, stdin, stdout, stderr, args), stdout, stderr);
    }
}
