package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.TestModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line as a new user meets it: failed writes and bad input lines are errors that lose no output,
 * {@code tag} answers each line as it arrives, every usage error is one line with exit code 2, and the demo model
 * is found from any working directory.
 */
@Tag("framework")
class FirstContactTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINE = "Chili Jensen bor i København.";

    @TempDir
    Path temp;

    static Stream<Arguments> commandsThatWrite() {
        return Stream.of(
                Arguments.of(List.of("tag"), LINE + "\n"),
                Arguments.of(List.of("tag", "--pretokenized"), "Chili\nJensen\n"),
                Arguments.of(List.of("info"), ""),
                Arguments.of(List.of("evaluate", "--data", TestModels.DANE_TEST.toString()), ""));
    }

    @ParameterizedTest
    @MethodSource("commandsThatWrite")
    void aFailedWriteIsAnErrorOfOneLine(List<String> command, String input) {
        CliRun run = CliRun.withFailingOutput(input.getBytes(StandardCharsets.UTF_8), command.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().contains("error: cannot write the output");
    }

    @Test
    void aFullDiskIsAnErrorForTheRealStandardOutput() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "a system with /dev/full");
        Path stdin = Files.writeString(temp.resolve("in.txt"), LINE + "\n");
        Path stderr = temp.resolve("err.txt");
        Process process = CliProcess.start(Map.of(), stdin, full, stderr, "tag");
        CliProcess result = CliProcess.finish(process, Files.createFile(temp.resolve("nothing.txt")), stderr);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("bert-ner tag: error: cannot write the output");
    }

    @Test
    void aLineThatIsNotUtf8StopsAfterTheResultsOfTheLinesBeforeIt() throws Exception {
        byte[] input = withBadFourthLine();
        CliRun run = CliRun.withInput(input, "tag");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).hasSize(3);
        assertThat(run.err().lines()).singleElement().asString().contains("standard input: line 4 is not valid UTF-8");

        CliRun skipping = CliRun.withInput(input, "tag", "--skip-bad-lines");
        assertThat(skipping.exitCode()).isZero();
        assertThat(skipping.out().lines()).hasSize(4);
        assertThat(skipping.err()).contains("warning: standard input: line 4 is not valid UTF-8; skipped");
    }

    @Test
    void helpSaysNoFormatCodes() {
        assertThat(CliRun.of("help", "--help").out()).doesNotContain("%n").contains("When no COMMAND is given");
    }

    @Test
    void convertQuantizesAGlinerOnnxExportAndNamesWhatItWrote() throws Exception {
        Path output = temp.resolve("gliner-int8");
        CliRun run =
                CliRun.of("convert", "--model", "testdata/gliner/onnx", "--output", output.toString(), "--quantize");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(output.resolve("onnx").resolve("model_quantized.onnx")).isRegularFile();
        assertThat(run.out())
                .contains(output.resolve("onnx").resolve("model.onnx").toString())
                .contains(output.resolve("onnx").resolve("model_quantized.onnx").toString());
        CliRun tagged = CliRun.withInput(
                "Mette bor i Odense.\n".getBytes(StandardCharsets.UTF_8),
                "tag",
                "--model",
                output.toString(),
                "--quantized",
                "--labels",
                "person,city");
        assertThat(tagged.exitCode()).as(tagged.err()).isZero();
    }

    @Test
    void aGlinerCheckpointWithoutItsTokenizerPointsToConvertBackbone() {
        CliRun run = CliRun.of("info", "--model", "testdata/gliner/original");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("convert --backbone DIR").doesNotContain("\tat ");
    }

    @Test
    void spanOptionsOnATokenClassifierAreUsageErrors() {
        for (String option : List.of("--nested", "--multi-label")) {
            CliRun run = CliRun.withInput("Jens bor i Odense.\n".getBytes(StandardCharsets.UTF_8), "tag", option);
            assertThat(run.exitCode()).as(option).isEqualTo(2);
            assertThat(run.err()).contains(option + " is for zero-shot models", "token classifier");
        }
    }

    @Test
    void aTypeGivenTwiceWithTwoThresholdsIsAUsageError() {
        CliRun run = CliRun.withInput(
                "Mette bor i Odense.\n".getBytes(StandardCharsets.UTF_8),
                "tag",
                "--model",
                "testdata/gliner/onnx",
                "--labels",
                "person=0.1,person=0.9");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--labels", "person is given twice");
    }

    @Test
    void anOutputFileAppearsOnlyWhenEveryLineIsTagged() throws Exception {
        Path output = temp.resolve("entities.jsonl");
        CliRun cut = CliRun.withInput(withBadFourthLine(), "tag", "--output", output.toString());
        assertThat(cut.exitCode()).isEqualTo(1);
        assertThat(output).as("a run cut short leaves no file").doesNotExist();
        try (java.util.stream.Stream<Path> left = Files.list(temp)) {
            assertThat(left)
                    .as("nor a hidden part")
                    .noneMatch(path -> path.getFileName().toString().contains("partial"));
        }
        CliRun whole = CliRun.withInput(
                (LINE + "\n" + LINE + "\n").getBytes(StandardCharsets.UTF_8), "tag", "--output", output.toString());
        assertThat(whole.exitCode()).as(whole.err()).isZero();
        assertThat(whole.out()).isEmpty();
        assertThat(Files.readAllLines(output)).hasSize(2).allMatch(line -> line.contains("\"label\":\"PER\""));
    }

    @Test
    void tagAnswersEachLineBeforeTheNextArrives() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "tag",
                "--model",
                TestModels.MINI.toString()));
        Process process = new ProcessBuilder(command)
                .redirectError(temp.resolve("err.txt").toFile())
                .start();
        try (OutputStream stdin = process.getOutputStream();
                BufferedReader stdout =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line : List.of(LINE, "Mette Frederiksen mødtes med Lars Løkke.")) {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                String answer =
                        CompletableFuture.supplyAsync(() -> readLine(stdout)).get(120, TimeUnit.SECONDS);
                assertThat(JSON.readTree(answer).get("text").asText()).isEqualTo(line);
            }
        } finally {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void aFailureIsOneLineUnlessTheStackTraceIsAskedFor() throws Exception {
        String missing = TestModels.MISSING.toString();
        CliRun plain = CliRun.of("info", "--model", missing);
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.err().lines()).singleElement().asString().startsWith("bert-ner info: error: " + missing);

        CliRun asked = CliRun.of("info", "--model", missing, "--stacktrace");
        assertThat(asked.exitCode()).isEqualTo(1);
        assertThat(asked.err().lines().findFirst()).hasValue(plain.err().strip());
        assertThat(asked.err()).contains("ModelLoadException", "\tat io.github.bertner.");

        CliProcess byEnvironment =
                CliProcess.run(Map.of("BERT_NER_STACKTRACE", "1"), temp, null, "info", "--model", missing);
        assertThat(byEnvironment.exitCode()).isEqualTo(1);
        assertThat(byEnvironment.err()).contains("bert-ner info: error: " + missing, "\tat io.github.bertner.");
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstLine() throws Exception {
        byte[] input = ("\uFEFF" + LINE + "\n").getBytes(StandardCharsets.UTF_8);
        CliRun run = CliRun.withInput(input, "tag");
        JsonNode record = JSON.readTree(run.out());
        assertThat(record.get("text").asText()).isEqualTo(LINE);
        assertThat(record.get("entities").get(0).get("start").asInt()).isZero();
        assertThat(record.get("entities").get(0).get("text").asText()).isEqualTo("Chili Jensen");
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of("tag", "--aggregation", "frist"), "bert-ner tag", "'frist' is not one of"),
                Arguments.of(List.of("tag", "--window-merge", "centre"), "bert-ner tag", "--window-merge"),
                Arguments.of(List.of("tag", "--batch-size", "abc"), "bert-ner tag", "--batch-size"),
                Arguments.of(List.of("tag", "--batch-size", "0"), "bert-ner tag", "--batch-size': must be 1 or more"),
                Arguments.of(List.of("tag", "--threads", "-1"), "bert-ner tag", "--threads': must be 0 or more"),
                Arguments.of(List.of("tag", "--concurrent-runs", "-2"), "bert-ner tag", "--concurrent-runs"),
                Arguments.of(List.of("tag", "--stride", "-1"), "bert-ner tag", "--stride': must be 0 or more"),
                Arguments.of(List.of("tag", "--stride", "100000"), "bert-ner tag", "--stride': stride must be from 0"),
                Arguments.of(List.of("tag", "--scores"), "bert-ner tag", "--scores needs --pretokenized"),
                Arguments.of(List.of("tag", "--modle", "x"), "bert-ner tag", "unknown option '--modle'"),
                Arguments.of(List.of("tag", "--model", "a", "--model", "b"), "bert-ner tag", "'--model'"),
                Arguments.of(List.of("evaluate"), "bert-ner evaluate", "--data"),
                Arguments.of(List.of("train"), "bert-ner train", "--train=FILE"),
                Arguments.of(List.of("fit"), "bert-ner", "unknown command 'fit'"),
                Arguments.of(List.of("Tag", "--help"), "bert-ner", "unknown command 'Tag'"),
                Arguments.of(List.of(), "bert-ner", "no command given"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void aUsageErrorIsOneLineWithExitCodeTwo(List<String> args, String command, String message) {
        CliRun run = CliRun.withInput(new byte[0], args.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith(command + ": error: ")
                .contains(message);
    }

    @Test
    void enumValuesAreReadInAnyCase() {
        byte[] input = (LINE + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(CliRun.withInput(input, "tag", "--window-merge", "center", "--aggregation", "AVERAGE")
                        .exitCode())
                .isZero();
    }

    @Test
    void aDirectoryAsInputIsNamedAsSuch() {
        CliRun run = CliRun.of("tag", "--input", temp.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(temp + ": is a directory");
    }

    static Stream<Arguments> dataThatIsNoGoldData() {
        return Stream.of(
                Arguments.of(LINE + "\n", "is not a BIO label"),
                Arguments.of("Chili\tPERSON\nJensen\tPERSON\n", "line 1: 'PERSON' is not a BIO label"),
                Arguments.of("", "holds no sentences"));
    }

    @ParameterizedTest
    @MethodSource("dataThatIsNoGoldData")
    void evaluateRefusesDataWithoutSentencesOrBioLabels(String data, String message) throws IOException {
        Path file = Files.writeString(temp.resolve("gold.txt"), data);
        CliRun run = CliRun.of("evaluate", "--data", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().contains(file.toString(), message);
    }

    @Test
    void infoJsonKeysHaveNoSpaces() throws IOException {
        CliRun run = CliRun.of("info", "--json", "--quantized");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> keys = new ArrayList<>();
        JSON.readTree(run.out()).fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .contains("onnx_model", "tokenizer_family", "int8_weights")
                .noneMatch(key -> key.contains(" "));
    }

    @Test
    void theDemoModelIsFoundFromAnyWorkingDirectory() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "tag")
                .directory(temp.toFile())
                .redirectError(temp.resolve("err.txt").toFile())
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((LINE + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(Files.readString(temp.resolve("err.txt")))
                .isZero();
        assertThat(out).contains("\"text\":\"Chili Jensen\"", "\"label\":\"LOC\"");
    }

    @Test
    void aConvertedModelDirectoryHasTheUsersPermissions() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        Path output = temp.resolve("converted");
        CliRun run = CliRun.of("convert", "--model", TestModels.MINI.toString(), "--output", output.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path ordinary = Files.createDirectory(temp.resolve("ordinary"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output)))
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(ordinary)));
    }

    @Test
    void helpBreaksLinesAtSpacesAndListsEveryCommandWithASentence() {
        String commands = CliRun.of("--help").out().replaceAll("\\s+", " ");
        Main.commandLine().getSubcommands().forEach((name, command) -> {
            String[] header = command.getCommandSpec().usageMessage().header();
            if (!name.equals("help")) {
                assertThat(header).as(name).hasSize(1);
                assertThat(header[0]).endsWith(".");
                assertThat(commands).contains(name + " " + header[0]);
            }
        });
        for (String command : List.of("tag", "evaluate", "info", "convert", "bench", "serve")) {
            CliRun help = CliRun.of(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out().lines())
                    .as(command + " --help")
                    .noneMatch(
                            line -> line.endsWith("model.") || line.endsWith("hf:") || line.endsWith("pytorch_model."));
        }
        assertThat(CliRun.of("info", "--help").out()).doesNotContain("--aggregation", "--stride");
        assertThat(CliRun.of("bench", "--help").out().replaceAll("\\s+", " "))
                .contains("the OpenNLP adapter", "the UIMA engine");
    }

    @Test
    void benchRunsEveryRowOnAFewSentences() {
        CliRun run = CliRun.of("bench", "--sentences", "20", "--warmup", "0", "--iterations", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("ddt.test.bio.tsv: 20 sentences, ")
                .doesNotContain("sentences: 20 sentences")
                .contains("raw ONNX Runtime", "tagger (host tokens)", "BertNameFinder.findAll", "UIMA engine");
    }

    @Test
    void benchRefusesAJsonFileInAMissingFolderBeforeMeasuring() {
        CliRun run = CliRun.of("bench", "--json", "testdata/no-such-folder/b.json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("--json", "no-such-folder", "not a folder")
                .doesNotContain("\tat ");
        assertThat(run.out()).as("nothing was measured").doesNotContain("raw ONNX Runtime");
    }

    @Test
    void benchWritesItsJsonReportWithEveryRow(@org.junit.jupiter.api.io.TempDir Path folder) throws IOException {
        Path report = folder.resolve("bench.json");
        CliRun run = CliRun.of(
                "bench", "--sentences", "10", "--warmup", "0", "--iterations", "1", "--json", report.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode json =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertThat(json.get("comparisons")).hasSize(1);
        com.fasterxml.jackson.databind.JsonNode rows =
                json.get("comparisons").get(0).get("rows");
        assertThat(rows.get(0).get("row").asText()).isEqualTo("raw ONNX Runtime");
        assertThat(rows.get(0).get("ratioToRaw").asDouble()).isEqualTo(1.0);
        assertThat(json.get("comparisons").get(0).get("sentences").asInt()).isEqualTo(10);
    }

    private static byte[] withBadFourthLine() {
        byte[] good = (LINE + "\n" + LINE + "\n" + LINE + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xff, (byte) 0xfe, ' ', 'x', '\n'};
        byte[] last = (LINE + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[good.length + bad.length + last.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        System.arraycopy(last, 0, all, good.length + bad.length, last.length);
        return all;
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
