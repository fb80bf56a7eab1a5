package io.github.bertner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path temp;

    @Test
    void completeFilesAreFilesAndLinksToThemNotTemporariesDanglingLinksOrDeeperFolders() throws Exception {
        Path blob = Files.writeString(temp.resolve("blob"), "weights");
        Path snapshot = Files.createDirectories(temp.resolve("snapshot"));
        Files.writeString(snapshot.resolve("config.json"), "{}");
        Files.createDirectories(snapshot.resolve("onnx/deeper"));
        Files.writeString(snapshot.resolve("onnx/model.onnx"), "graph");
        Files.writeString(snapshot.resolve("onnx/deeper/model.onnx"), "graph");
        Files.createSymbolicLink(snapshot.resolve("model.safetensors"), snapshot.relativize(blob));
        Files.createSymbolicLink(snapshot.resolve("vocab.txt"), snapshot.relativize(temp.resolve("missing")));
        Files.createSymbolicLink(snapshot.resolve(".model.safetensors.4825.1.tmp"), snapshot.relativize(blob));
        Files.writeString(snapshot.resolve(".main-6a1f.tmp"), "half a ref");

        assertThat(FileTrees.completeFiles(snapshot, 2))
                .containsExactlyInAnyOrder("config.json", "onnx/model.onnx", "model.safetensors");
        assertThat(FileTrees.completeFiles(snapshot, Integer.MAX_VALUE))
                .containsExactlyInAnyOrder(
                        "config.json", "onnx/model.onnx", "onnx/deeper/model.onnx", "model.safetensors");
    }

    @Test
    void filesThatComeAndGoWhileTheTreeIsReadAreNoError() throws Exception {
        Path snapshot = Files.createDirectories(temp.resolve("snapshot"));
        Files.writeString(snapshot.resolve("config.json"), "{}");
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            for (int i = 0; reading.get(); i++) {
                Path file = snapshot.resolve("file-" + (i % 64));
                try {
                    Files.writeString(file, "x");
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        writer.start();
        try {
            for (int round = 0; round < 3_000; round++) {
                List<String> files = FileTrees.completeFiles(snapshot, Integer.MAX_VALUE);
                assertThat(files).contains("config.json");
            }
        } finally {
            reading.set(false);
            writer.join();
        }
    }

    @Test
    void aMissingDirectoryIsAnError() {
        assertThatThrownBy(() -> FileTrees.completeFiles(temp.resolve("absent"), 2))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent");
    }
}
