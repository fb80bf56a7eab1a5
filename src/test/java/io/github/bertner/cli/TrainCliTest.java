package io.github.bertner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bert-ner train} as a user meets it: what it writes, and one clear line for each kind of bad input. */
@Tag("slow")
class TrainCliTest {
    private static final String BERT = "testdata/architectures/bert";
    private static final String TRAIN = "testdata/training/dane-train-80.conll";

    @TempDir
    Path temporary;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(temporary.resolve(name), text, StandardCharsets.UTF_8);
    }

    private String output(String name) {
        return temporary.resolve(name).toString();
    }

    private static void assertOneLineError(CliRun run, int exitCode, String... parts) {
        assertEquals(exitCode, run.exitCode(), run.err());
        for (String part : parts) {
            assertTrue(run.err().contains(part), "expected '" + part + "' in: " + run.err());
        }
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void trainsWritesALogAndASummaryAndTagsWithTheResult() throws Exception {
        Path log = temporary.resolve("log.jsonl");
        CliRun run = CliRun.of(
                "train",
                "--model",
                BERT,
                "--train",
                TRAIN,
                "--dev",
                TRAIN,
                "--output",
                output("model"),
                "--epochs",
                "2",
                "--batch-size",
                "16",
                "--learning-rate",
                "1e-3",
                "--no-shuffle",
                "--dropout",
                "0",
                "--log",
                log.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("trained 2 epochs (10 steps)"), run.out());
        List<String> lines = Files.readAllLines(log);
        assertEquals(12, lines.size(), "10 steps and 2 epochs: " + lines);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertEquals(List.of("step", "epoch", "loss", "grad_norm", "learning_rate"), names(first));
        assertEquals(1, first.get("step").asInt());
        assertEquals(0.001, first.get("learning_rate").asDouble(), 1e-12);
        JsonNode epoch = new ObjectMapper().readTree(lines.get(5));
        assertEquals(List.of("epoch", "dev_precision", "dev_recall", "dev_f1"), names(epoch));

        CliRun tagged = CliRun.withInput(
                "Peter\nbor\ni\nKøbenhavn\n.\n".getBytes(StandardCharsets.UTF_8),
                "tag",
                "--model",
                output("model"),
                "--pretokenized");
        assertEquals(0, tagged.exitCode(), tagged.err());
        assertEquals(5, tagged.out().strip().lines().count(), tagged.out());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertOneLineError(
                CliRun.of("train", "--model", BERT, "--train", TRAIN, "--output", output("a"), "--batch-size", "0"),
                2,
                "--batch-size");
        assertOneLineError(
                CliRun.of(
                        "train",
                        "--model",
                        BERT,
                        "--train",
                        TRAIN,
                        "--output",
                        output("b"),
                        "--learning-rate",
                        "-1e-5"),
                2,
                "--learning-rate",
                "positive");
    }

    @Test
    void badDataIsRefusedByFileAndLine() throws Exception {
        Path empty = file("empty.conll", "\n\n");
        assertOneLineError(
                CliRun.of("train", "--model", BERT, "--train", empty.toString(), "--output", output("e")),
                1,
                empty.toString(),
                "holds no sentences");
        Path malformed = file("malformed.conll", "Peter\tB-PER\nbor\tO\n\nKøbenhavn\n");
        assertOneLineError(
                CliRun.of("train", "--model", BERT, "--train", malformed.toString(), "--output", output("m")),
                1,
                malformed + ": line 4",
                "København");
        Path latin1 = temporary.resolve("latin1.conll");
        Files.write(latin1, "Peter\tB-PER\nK\u00f8benhavn\tB-LOC\n".getBytes(StandardCharsets.ISO_8859_1));
        assertOneLineError(
                CliRun.of("train", "--model", BERT, "--train", latin1.toString(), "--output", output("l")),
                1,
                latin1.toString(),
                "UTF-8");
        Path dev = file("dev.conll", "Peter\tB-PERSON\nbor\tO\n");
        assertOneLineError(
                CliRun.of("train", "--model", BERT, "--train", TRAIN, "--dev", dev.toString(), "--output", output("d")),
                1,
                dev + ": line 1",
                "'B-PERSON' is not in the training data");
    }

    @Test
    void anOutputThatIsNotEmptyIsReplacedOnlyWithOverwrite() throws Exception {
        Path existing = Files.createDirectories(temporary.resolve("existing"));
        Files.writeString(existing.resolve("notes.txt"), "mine");
        String[] train = {
            "train",
            "--model",
            BERT,
            "--train",
            TRAIN,
            "--output",
            existing.toString(),
            "--epochs",
            "1",
            "--dropout",
            "0"
        };
        assertOneLineError(CliRun.of(train), 1, existing.toString(), "exists and is not empty", "--overwrite");
        assertEquals("mine", Files.readString(existing.resolve("notes.txt")));
        List<String> overwriting = new ArrayList<>(List.of(train));
        overwriting.add("--overwrite");
        CliRun run = CliRun.of(overwriting.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(Files.exists(existing.resolve("notes.txt")));
        assertTrue(Files.isRegularFile(existing.resolve("model.safetensors")));
    }

    @Test
    void modelsThatDoNotTrainAreRefusedByName() {
        assertOneLineError(
                CliRun.of("train", "--model", "testdata/danish-ner-mini", "--train", TRAIN, "--output", output("o")),
                1,
                "testdata/danish-ner-mini",
                "training needs the checkpoint's weights");
        assertOneLineError(
                CliRun.of("train", "--model", "testdata/gliner/original", "--train", TRAIN, "--output", output("g")),
                1,
                "GLiNER");
        assertOneLineError(
                CliRun.of(
                        "train",
                        "--model",
                        "testdata/architectures/deberta-v2",
                        "--train",
                        TRAIN,
                        "--output",
                        output("d")),
                1,
                "deberta-v2",
                "does not train",
                "bert, camembert, distilbert, electra, roberta, xlm-roberta");
    }

    @Test
    void aLossThatIsNoLongerANumberStopsNamingTheStep() {
        CliRun run = CliRun.of(
                "train",
                "--model",
                BERT,
                "--train",
                TRAIN,
                "--output",
                output("nan"),
                "--learning-rate",
                "1e30",
                "--max-grad-norm",
                "0",
                "--no-shuffle",
                "--dropout",
                "0");
        assertOneLineError(run, 1, "step 2: the loss is", "--learning-rate");
        assertFalse(Files.exists(temporary.resolve("nan")));
    }

    @Test
    void sigtermSavesACheckpointThatResumeContinues() throws Exception {
        Path log = temporary.resolve("log.jsonl");
        Path stdout = temporary.resolve("out.txt");
        Path stderr = temporary.resolve("err.txt");
        String[] args = {
            "train",
            "--model",
            BERT,
            "--train",
            TRAIN,
            "--output",
            output("run"),
            "--epochs",
            "3",
            "--batch-size",
            "2",
            "--dropout",
            "0",
            "--log",
            log.toString()
        };
        Process process = CliProcess.start(Map.of(), null, stdout, stderr, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((!Files.exists(log) || Files.readAllLines(log).size() < 3) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        process.destroy();
        CliProcess stopped = CliProcess.finish(process, stdout, stderr);
        assertEquals(130, stopped.exitCode(), stopped.err());
        assertTrue(stopped.err().contains("SIGTERM"), stopped.err());
        assertTrue(stopped.err().contains("--resume"), stopped.err());
        Path checkpoints = temporary.resolve("run.checkpoints");
        try (Stream<Path> saved = Files.list(checkpoints)) {
            assertEquals(
                    1,
                    saved.filter(path -> path.getFileName().toString().startsWith("step-"))
                            .count());
        }
        List<String> otherSettings = new ArrayList<>(List.of(args));
        otherSettings.set(otherSettings.indexOf("3"), "4");
        otherSettings.add("--resume");
        CliRun refused = CliRun.of(otherSettings.toArray(String[]::new));
        assertEquals(1, refused.exitCode(), "another --epochs is other settings: " + refused.err());
        assertTrue(refused.err().contains("other training data or settings"), refused.err());

        List<String> same = new ArrayList<>(List.of(args));
        same.add("--resume");
        CliRun resumed = CliRun.of(same.toArray(String[]::new));
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.out().startsWith("trained 3 epochs (120 steps)"), resumed.out());
        List<String> lines = Files.readAllLines(log);
        assertEquals(120, lines.size(), "each step logged once, across the stop");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(
                    i + 1, new ObjectMapper().readTree(lines.get(i)).get("step").asInt());
        }
    }

    /**
     * ONNX Runtime's native libraries, extracted here: under a file-size limit, the child JVM could not extract them
     * itself (the tokenizer's library is in DJL's cache already, put there by the tests before).
     */
    private Path onnxRuntimeLibraries() throws Exception {
        String arch = System.getProperty("os.arch").equals("amd64") ? "x64" : System.getProperty("os.arch");
        String folder = "ai/onnxruntime/native/linux-" + arch + "/";
        Path libraries = Files.createDirectories(temporary.resolve("onnxruntime"));
        for (String library : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
            try (var in = getClass().getClassLoader().getResourceAsStream(folder + library)) {
                org.junit.jupiter.api.Assumptions.assumeTrue(in != null, "ONNX Runtime for Linux " + arch);
                Files.copy(in, libraries.resolve(library));
            }
        }
        return libraries;
    }

    @Test
    void aFullDiskWhileSavingLeavesThePreviousCheckpoint() throws Exception {
        Path stdout = temporary.resolve("out.txt");
        Path stderr = temporary.resolve("err.txt");
        List<String> command = new ArrayList<>(List.of(
                "bash",
                "-c",
                "ulimit -f 1400; exec \"$0\" \"$@\"",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Donnxruntime.native.path=" + onnxRuntimeLibraries(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "train",
                "--model",
                BERT,
                "--train",
                TRAIN,
                "--dev",
                TRAIN,
                "--output",
                output("full"),
                "--epochs",
                "1",
                "--save-steps",
                "1",
                "--dropout",
                "0"));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        CliProcess run = CliProcess.finish(process, stdout, stderr);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("File too large"), run.err());
        assertFalse(Files.exists(temporary.resolve("full")), "no output that looks complete");
        Path checkpoints = temporary.resolve("full.checkpoints");
        assertTrue(Files.isDirectory(checkpoints), run.err());
        try (Stream<Path> saved = Files.list(checkpoints)) {
            List<Path> complete = saved.filter(
                            path -> path.getFileName().toString().startsWith("step-"))
                    .toList();
            assertEquals(1, complete.size(), complete.toString());
            assertTrue(Files.isRegularFile(complete.get(0).resolve("trainer_state.json")));
        }
    }
}
