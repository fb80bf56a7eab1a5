package io.github.bertner.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.ArchitectureFixtures;
import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.TestModels;
import io.github.bertner.hub.LoopbackHub.Fault;
import io.github.bertner.loader.ModelResolver;
import io.github.bertner.tagger.Tagger;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Hub client against {@link LoopbackHub}: the cache it writes, what it downloads again, and each
 * fault's one-line error with no cache entry that claims to be complete.
 */
@Tag("framework")
class HubClientTest {
    static final Path TINY = TestModels.TINY_CHECKPOINTS.resolve("safetensors");
    private static final String REPO = "test/tiny-bert";

    @TempDir
    Path cacheRoot;

    private LoopbackHub hub;
    private String commit;

    @BeforeEach
    void start() throws IOException {
        hub = new LoopbackHub();
        commit = hub.addRepository(REPO, TINY, false);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void theCacheIsLaidOutAsHuggingfaceHubWritesIt() throws Exception {
        Path model = resolve("hf:" + REPO);
        Path repository = cacheRoot.resolve("hub").resolve("models--test--tiny-bert");
        assertThat(repository.resolve("refs").resolve("main")).hasContent(commit);
        String sha256 = HexFormat.of()
                .formatHex(LoopbackHub.digest("SHA-256", Files.readAllBytes(TINY.resolve("model.safetensors"))));
        Path snapshotWeights = repository.resolve("snapshots").resolve(commit).resolve("model.safetensors");
        assertThat(Files.isSymbolicLink(snapshotWeights)).isTrue();
        assertThat(Files.readSymbolicLink(snapshotWeights)).isEqualTo(Path.of("..", "..", "blobs", sha256));
        assertThat(repository.resolve("blobs").resolve(sha256))
                .hasSameBinaryContentAs(TINY.resolve("model.safetensors"));
        assertThat(cacheRoot
                        .resolve("hub")
                        .resolve(".locks")
                        .resolve("models--test--tiny-bert")
                        .resolve(sha256 + ".lock"))
                .exists();
        assertThat(model)
                .startsWith(cacheRoot
                        .resolve("bert-ner")
                        .resolve("models--test--tiny-bert")
                        .resolve(commit));
        assertThat(model.resolve("model.onnx")).isRegularFile();
        assertThat(model.resolve("tokenizer.json")).isRegularFile();
        assertThat(incompleteFiles()).isEmpty();
    }

    @Test
    void aSecondRunDownloadsNothing() throws Exception {
        Path first = resolve("hf:" + REPO);
        int downloads = hub.totalDownloads();
        assertThat(downloads).isEqualTo(4);
        Path second = resolve("hf:" + REPO);
        assertThat(second).isEqualTo(first);
        assertThat(hub.totalDownloads()).isEqualTo(downloads);
    }

    @Test
    void aQuantizedModelIsMadeOnFirstUseAndKept() throws Exception {
        Path fp32 = resolve("hf:" + REPO);
        assertThat(fp32.resolve("model_quantized.onnx")).doesNotExist();
        Path int8 = ModelResolver.resolve(
                ModelLocation.parse("hf:" + REPO),
                true,
                HubSettings.at(hub.endpoint(), cacheRoot),
                DownloadProgress.NONE);
        assertThat(int8).isEqualTo(fp32);
        assertThat(int8.resolve("model_quantized.onnx")).isRegularFile();
        hub.close();
        assertThat(ModelResolver.resolve(ModelLocation.parse("hf:" + REPO), true, offline(), DownloadProgress.NONE)
                        .resolve("model_quantized.onnx"))
                .isRegularFile();
    }

    @Test
    void offlineWorksWithTheServerStopped() throws Exception {
        Path online = resolve("hf:" + REPO);
        hub.close();
        Path offline =
                ModelResolver.resolve(ModelLocation.parse("hf:" + REPO), false, offline(), DownloadProgress.NONE);
        assertThat(offline).isEqualTo(online);
        Path byCommit = ModelResolver.resolve(
                ModelLocation.parse("hf:" + REPO + "@" + commit), false, offline(), DownloadProgress.NONE);
        assertThat(byCommit).isEqualTo(online);
    }

    @Test
    void offlineWithNothingCachedSaysSo() {
        assertThatThrownBy(() -> ModelResolver.resolve(
                        ModelLocation.parse("hf:" + REPO), false, offline(), DownloadProgress.NONE))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("hf:" + REPO + "@main")
                .hasMessageContaining("is not in the cache")
                .hasMessageContaining("HF_HUB_OFFLINE");
    }

    @Test
    void aDownloadCutMidwayResumesOnTheNextRunWithARangeRequestFromWhereItStopped() throws Exception {
        hub.fault("model.safetensors", Fault.CUT);
        assertThatThrownBy(() -> resolve("hf:" + REPO))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("the next run resumes");
        assertNoCompleteWeights();
        List<Path> partial = incompletePaths();
        assertThat(partial).hasSize(1);
        long kept = Files.size(partial.get(0));
        assertThat(kept).isPositive().isLessThan(Files.size(TINY.resolve("model.safetensors")));
        hub.clearFaults();
        assertThat(resolve("hf:" + REPO).resolve("model.onnx")).isRegularFile();
        assertThat(hub.rangeStarts("model.safetensors")).containsExactly(kept);
        assertThat(incompleteFiles()).isEmpty();
        String sha256 = HexFormat.of()
                .formatHex(LoopbackHub.digest("SHA-256", Files.readAllBytes(TINY.resolve("model.safetensors"))));
        assertThat(cacheRoot
                        .resolve("hub")
                        .resolve("models--test--tiny-bert")
                        .resolve("blobs")
                        .resolve(sha256))
                .hasSameBinaryContentAs(TINY.resolve("model.safetensors"));
    }

    @Test
    void aWrongSha256LeavesNoEntry() {
        hub.fault("model.safetensors", Fault.CORRUPT);
        assertThatThrownBy(() -> resolve("hf:" + REPO))
                .hasMessageContaining("model.safetensors is corrupt")
                .hasMessageContaining("sha256");
        assertNoWeightsCached();
    }

    @Test
    void anUnknownRepositoryIsNamedWithTheTokenHint() {
        assertThatThrownBy(() -> resolve("hf:test/no-such-model"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("hf:test/no-such-model: repository not found on " + hub.endpoint()
                        + " (a private repository needs HF_TOKEN)");
    }

    @Test
    void aGatedRepositoryNeedsTheToken() throws Exception {
        hub.addRepository("test/gated", TINY, true);
        assertThatThrownBy(() -> resolve("hf:test/gated"))
                .hasMessageContaining(
                        "hf:test/gated: is gated: accept its conditions at " + hub.endpoint() + "/test/gated")
                .hasMessageContaining("HF_TOKEN");
        assertNoFilesCached("models--test--gated");
        HubSettings withToken = new HubSettings(
                hub.endpoint(),
                Optional.of(LoopbackHub.TOKEN),
                false,
                cacheRoot.resolve("hub"),
                cacheRoot.resolve("bert-ner"));
        assertThat(ModelResolver.resolve(ModelLocation.parse("hf:test/gated"), false, withToken, DownloadProgress.NONE)
                        .resolve("model.onnx"))
                .isRegularFile();
    }

    @Test
    void aRenamedRepositoryIsFollowed() throws Exception {
        hub.rename("old-org/tiny-bert", REPO);
        assertThat(resolve("hf:old-org/tiny-bert").resolve("model.onnx")).isRegularFile();
    }

    @Test
    void anUnknownRevisionIsNamed() {
        assertThatThrownBy(() -> resolve("hf:" + REPO + "@v9"))
                .hasMessage("hf:" + REPO + ": revision 'v9' not found (a branch, tag or commit)");
    }

    @Test
    void aMissingFileIsNamed() {
        hub.fault("vocab.txt", Fault.MISSING);
        assertThatThrownBy(() -> resolve("hf:" + REPO))
                .hasMessage("hf:" + REPO + ": file vocab.txt not found at revision '" + commit + "'");
    }

    @Test
    void aServerThatIsNotListeningIsNamedWithTheWaysOut() {
        URI endpoint = hub.endpoint();
        hub.close();
        assertThatThrownBy(() -> resolve("hf:" + REPO))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith(endpoint + ": cannot be reached")
                .hasMessageContaining("HF_HUB_OFFLINE=1")
                .hasMessageContaining("local model directory");
    }

    @Test
    void aTensorFlowOnlyRepositorySaysWhichWeightsWouldWork() {
        hub.addRepository(
                "test/tf-only",
                Map.of(
                        "config.json",
                        "{}".getBytes(StandardCharsets.UTF_8),
                        "vocab.txt",
                        "[PAD]\n".getBytes(StandardCharsets.UTF_8),
                        "tf_model.h5",
                        new byte[8]),
                false);
        assertThatThrownBy(() -> resolve("hf:test/tf-only"))
                .hasMessageContaining("only tf_model.h5")
                .hasMessageContaining("model.safetensors or pytorch_model.bin");
    }

    @Test
    void anOnnxExportIsUsedFromTheSnapshotAsItIs() throws Exception {
        Path export = TestModels.MINI;
        Map<String, byte[]> files = Map.of(
                "config.json",
                Files.readAllBytes(export.resolve("config.json")),
                "tokenizer.json",
                Files.readAllBytes(export.resolve("tokenizer.json")),
                "onnx/model.onnx",
                Files.readAllBytes(export.resolve("model.onnx")));
        String exportCommit = hub.addRepository("test/exported", files, false);
        Path model = resolve("hf:test/exported");
        assertThat(model)
                .isEqualTo(cacheRoot
                        .resolve("hub")
                        .resolve("models--test--exported")
                        .resolve("snapshots")
                        .resolve(exportCommit));
        assertThat(model.resolve("onnx").resolve("model.onnx")).hasSameBinaryContentAs(export.resolve("model.onnx"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xlm-roberta", "camembert", "deberta-v2", "roberta"})
    void anExportWithOnlyTheOriginalTokenizerFilesIsFetchedWithThemAndTags(String architecture) throws Exception {
        Path local = ArchitectureFixtures.exportDirectory(architecture, true, cacheRoot.resolve("local"));
        hub.addRepository("test/" + architecture, local, false);
        Path model = resolve("hf:test/" + architecture);
        try (Stream<Path> files = Files.list(local)) {
            for (Path file : files.toList()) {
                assertThat(model.resolve(file.getFileName())).hasSameBinaryContentAs(file);
            }
        }
        try (Tagger fetched = TestModels.tagger(model);
                Tagger direct = TestModels.tagger(local)) {
            String text = "Chili Jensen bor i København og arbejder for Novo Nordisk.";
            assertThat(fetched.tag(text)).isEqualTo(direct.tag(text)).isNotEmpty();
            assertThat(fetched.info().tokenizerSource().getFileName())
                    .isEqualTo(direct.info().tokenizerSource().getFileName());
        }
    }

    @Test
    void aShardedRepositoryIsFetchedShardByShardAndTagsAsItsSingleFileTwin() throws Exception {
        Path sharded = ArchitectureFixtures.shardedCheckpoint(
                "xlm-roberta", "sharded-safetensors", cacheRoot.resolve("sharded"));
        Path single = ArchitectureFixtures.checkpointDirectory("xlm-roberta", false, cacheRoot.resolve("single"));
        hub.addRepository("test/sharded", sharded, false);
        hub.addRepository("test/single", single, false);
        try (Tagger fromShards = TestModels.tagger(resolve("hf:test/sharded"));
                Tagger fromOneFile = TestModels.tagger(resolve("hf:test/single"))) {
            List<String> texts = ArchitectureFixtures.texts(
                    ArchitectureFixtures.expected("xlm-roberta").get("texts"));
            assertThat(fromShards.tag(texts)).isEqualTo(fromOneFile.tag(texts));
        }
        assertThat(hub.downloads("model-00001-of-00002.safetensors")).isEqualTo(1);
        assertThat(hub.downloads("model-00002-of-00002.safetensors")).isEqualTo(1);
    }

    private Path resolve(String location) throws ModelLoadException {
        return ModelResolver.resolve(
                ModelLocation.parse(location), false, HubSettings.at(hub.endpoint(), cacheRoot), DownloadProgress.NONE);
    }

    private HubSettings offline() {
        return new HubSettings(
                URI.create("http://127.0.0.1:9"),
                Optional.empty(),
                true,
                cacheRoot.resolve("hub"),
                cacheRoot.resolve("bert-ner"));
    }

    private void assertNoWeightsCached() {
        Path repository = cacheRoot.resolve("hub").resolve("models--test--tiny-bert");
        assertThat(repository.resolve("snapshots").resolve(commit).resolve("model.safetensors"))
                .doesNotExist();
        assertThat(files(repository.resolve("blobs")).stream()
                        .filter(name -> name.matches("[0-9a-f]{64}.*"))
                        .toList())
                .isEmpty();
        assertThat(files(cacheRoot.resolve("bert-ner")).stream()
                        .filter(name -> name.equals("model.onnx"))
                        .toList())
                .isEmpty();
    }

    private void assertNoCompleteWeights() {
        Path repository = cacheRoot.resolve("hub").resolve("models--test--tiny-bert");
        assertThat(repository.resolve("snapshots").resolve(commit).resolve("model.safetensors"))
                .doesNotExist();
        assertThat(files(repository.resolve("blobs")).stream()
                        .filter(name -> name.matches("[0-9a-f]{64}"))
                        .toList())
                .isEmpty();
    }

    private List<Path> incompletePaths() throws IOException {
        try (Stream<Path> paths = Files.walk(cacheRoot)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".incomplete"))
                    .toList();
        }
    }

    private void assertNoFilesCached(String repositoryFolder) {
        assertThat(files(cacheRoot.resolve("hub").resolve(repositoryFolder).resolve("snapshots")))
                .isEmpty();
    }

    private List<String> incompleteFiles() {
        return files(cacheRoot).stream()
                .filter(name -> name.endsWith(".incomplete"))
                .toList();
    }

    private static List<String> files(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> !Files.isDirectory(path))
                    .map(path -> path.getFileName().toString())
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
