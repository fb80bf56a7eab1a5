package io.github.bertner.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/** Small files written whole: a reader finds the old content or the new, never a part of either. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes a file beside its place and moves it there in one step, replacing what was there; its folder is made
     * where missing. On failure the old file is intact and nothing is left beside it.
     *
     * @param target the file
     * @param content what it holds
     * @throws IOException if it cannot be written or moved
     */
    public static void write(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + "-" + UUID.randomUUID() + ".tmp");
        try {
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
