package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.TestModels;
import io.github.bertner.hub.LoopbackHub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with {@code --model hf:…}, as a user runs it: in its own JVM, with {@code HF_ENDPOINT}
 * pointing at a {@link LoopbackHub} that serves the demo model laid out like the real Danish model's
 * repository (config.json, vocab.txt, tokenizer_config.json, special_tokens_map.json and the weights).
 */
@Tag("slow")
class HubCliTest {
    private static final Path CHECKPOINT = TestModels.MINI_CHECKPOINT;
    private static final String MODEL = "hf:test/danish-ner-mini";
    private static final String TEXT =
            "Chili Jensen bor i København og arbejder for Novo Nordisk.\nPaul Berg Steffensen fra Aalborg er Ridder af Dannebrog.\n";

    @TempDir
    Path work;

    private LoopbackHub hub;
    private Path input;

    @BeforeEach
    void start() throws Exception {
        hub = new LoopbackHub();
        hub.addRepository("test/danish-ner-mini", CHECKPOINT, false);
        input = Files.writeString(work.resolve("input.txt"), TEXT, StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void tagWithAHubModelGivesTheDemoModelsEntitiesAndThenWorksOffline() throws Exception {
        CliRun local = CliRun.withInput(TEXT.getBytes(StandardCharsets.UTF_8), "tag");
        assertThat(local.exitCode()).isZero();
        assertThat(local.out()).contains("\"label\":\"PER\"");

        CliProcess online = CliProcess.run(environment(), work, input, "tag", "--model", MODEL);
        assertThat(online.exitCode()).as(online.err()).isZero();
        assertThat(online.out()).isEqualTo(local.out());
        int downloads = hub.totalDownloads();

        CliProcess again = CliProcess.run(environment(), work, input, "tag", "--model", MODEL);
        assertThat(again.out()).isEqualTo(local.out());
        assertThat(hub.totalDownloads()).isEqualTo(downloads);

        hub.close();
        Map<String, String> offline = new java.util.HashMap<>(environment());
        offline.put("HF_HUB_OFFLINE", "1");
        CliProcess withoutNetwork = CliProcess.run(offline, work, input, "tag", "--model", MODEL);
        assertThat(withoutNetwork.exitCode()).as(withoutNetwork.err()).isZero();
        assertThat(withoutNetwork.out()).isEqualTo(local.out());
    }

    @Test
    void infoShowsTheConvertedModel() throws Exception {
        CliProcess info = CliProcess.run(environment(), work, null, "info", "--model", MODEL);
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out())
                .contains("lowercase:               true")
                .contains("strip accents:           false")
                .contains("B-PER")
                .contains(work.resolve("hf-home").resolve("bert-ner").toString());
    }

    private void awaitDownloadStart() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (hub.downloads("model.safetensors") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void twoProcessesFetchingTheSameModelAtOnceBothSucceed() throws Exception {
        hub.throttle(2_000_000);
        Path[] outs = new Path[2];
        Process[] processes = new Process[2];
        Path[] logs = new Path[4];
        for (int i = 0; i < 2; i++) {
            outs[i] = work.resolve("converted-" + i);
            logs[2 * i] = work.resolve("out-" + i);
            logs[2 * i + 1] = work.resolve("err-" + i);
            if (i == 1) {
                awaitDownloadStart(); // else both may ask the Hub before either downloads, and never overlap
            }
            processes[i] = CliProcess.start(
                    environment(),
                    null,
                    logs[2 * i],
                    logs[2 * i + 1],
                    "convert",
                    "--model",
                    MODEL,
                    "--output",
                    outs[i].toString());
        }
        for (int i = 0; i < 2; i++) {
            CliProcess result = CliProcess.finish(processes[i], logs[2 * i], logs[2 * i + 1]);
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(outs[i].resolve("model.onnx")).isRegularFile();
        }
        assertThat(outs[0].resolve("model.onnx")).hasSameBinaryContentAs(outs[1].resolve("model.onnx"));
        assertThat(hub.requestsDuringDownloads())
                .as("the two processes were at work at once: one asked the Hub while the other downloaded")
                .isPositive();
        assertThat(hub.downloads("model.safetensors"))
                .as("the second process waits for the first one's download")
                .isEqualTo(1);
        Path blobs = work.resolve("hf-home")
                .resolve("hub")
                .resolve("models--test--danish-ner-mini")
                .resolve("blobs");
        try (Stream<Path> files = Files.list(blobs)) {
            List<String> names =
                    files.map(path -> path.getFileName().toString()).toList();
            assertThat(names).hasSize(5).noneMatch(name -> name.endsWith(".incomplete"));
        }
    }

    @Test
    void aHubErrorIsOneLineWithoutAStackTrace() throws Exception {
        CliProcess missing = CliProcess.run(environment(), work, input, "tag", "--model", "hf:test/missing");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip())
                .isEqualTo("bert-ner tag: error: hf:test/missing: repository not found on " + hub.endpoint()
                        + " (a private repository needs HF_TOKEN)");
        CliRun malformed = CliRun.of("info", "--model", "hf:no-slash");
        assertThat(malformed.exitCode()).isNotZero();
        assertThat(malformed.err()).contains("hf:ORG/NAME@REVISION").doesNotContain("\tat ");
    }

    @Test
    void trainFetchesACheckpointsWeightsButNotItsOnnxExport() throws Exception {
        hub.addRepository("test/tiny-bert", Path.of("testdata/architectures/bert"), false);
        CliProcess trained = CliProcess.run(
                environment(),
                work,
                null,
                "train",
                "--model",
                "hf:test/tiny-bert",
                "--train",
                "testdata/training/dane-train-80.conll",
                "--output",
                work.resolve("trained").toString(),
                "--epochs",
                "1",
                "--dropout",
                "0");
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(hub.downloads("model.safetensors")).isEqualTo(1);
        assertThat(hub.downloads("model.onnx")).isZero();
        assertThat(work.resolve("trained").resolve("model.safetensors")).isRegularFile();
    }

    private Map<String, String> environment() {
        return Map.of(
                "HF_ENDPOINT",
                hub.endpoint().toString(),
                "HF_HOME",
                work.resolve("hf-home").toString());
    }
}
