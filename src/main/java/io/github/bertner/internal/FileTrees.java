package io.github.bertner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing directory trees. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Removes a directory and what it holds, if it exists.
     *
     * @param directory the directory
     * @throws IOException if something in it cannot be removed
     */
    public static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
