package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.hub.DownloadProgress;
import io.github.bertner.hub.HubSettings;
import io.github.bertner.hub.LoopbackHub;
import io.github.bertner.loader.ModelResolver;
import io.github.bertner.tagger.Tagger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hub repository laid out like the real Danish model's, served on 127.0.0.1, gives the Hugging Face
 * pipeline's entities; so does a cache laid out by hand the way {@code huggingface_hub} writes it, offline.
 */
@Tag("parity")
class HubModelParityTest {
    @TempDir
    Path cacheRoot;

    @Test
    void aHubRepositoryGivesTheReferenceEntities() throws Exception {
        try (LoopbackHub hub = new LoopbackHub()) {
            hub.addRepository("test/danish-ner-mini", TestModels.MINI_CHECKPOINT, false);
            HubSettings settings = HubSettings.at(hub.endpoint(), cacheRoot);
            Path model = ModelResolver.resolve(
                    ModelLocation.parse("hf:test/danish-ner-mini"), false, settings, DownloadProgress.NONE);
            try (Tagger tagger = Tagger.loadDirectory(model, RecognizerConfig.defaults())) {
                HuggingFaceParityTest.assertEqualsPipeline(tagger, Aggregation.FIRST);
            }
        }
    }

    @Test
    void aCacheThatPythonWroteIsUsedOffline() throws Exception {
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Path repository = cacheRoot.resolve("hub").resolve("models--Maltehb--danish-bert-botxo-ner-dane");
        Path snapshot = Files.createDirectories(repository.resolve("snapshots").resolve(commit));
        Path blobs = Files.createDirectories(repository.resolve("blobs"));
        try (Stream<Path> files = Files.list(TestModels.MINI_CHECKPOINT)) {
            for (Path file : files.toList()) {
                String etag = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
                Files.copy(file, blobs.resolve(etag));
                Files.createSymbolicLink(snapshot.resolve(file.getFileName()), Path.of("..", "..", "blobs", etag));
            }
        }
        Files.createDirectories(repository.resolve("refs"));
        Files.writeString(repository.resolve("refs").resolve("main"), commit);
        HubSettings offline = new HubSettings(
                URI.create("http://127.0.0.1:9"),
                Optional.empty(),
                true,
                cacheRoot.resolve("hub"),
                cacheRoot.resolve("bert-ner"));

        Path model = ModelResolver.resolve(
                ModelLocation.parse("hf:Maltehb/danish-bert-botxo-ner-dane"), false, offline, DownloadProgress.NONE);

        assertThat(model).startsWith(cacheRoot.resolve("bert-ner"));
        try (Tagger tagger = Tagger.loadDirectory(model, RecognizerConfig.defaults())) {
            HuggingFaceParityTest.assertEqualsPipeline(tagger, Aggregation.FIRST);
        }
    }
}
