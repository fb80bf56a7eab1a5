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
        Path temporary = temporarySibling(target);
        try {
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A new name beside a file, {@code .NAME-UUID.tmp}, to write it under before it is moved into place; readers of a
     * folder that others write into leave such names out ({@link #isTemporary}).
     *
     * @param target the file
     * @return the temporary file's path, unique to this call
     */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "-" + UUID.randomUUID() + ".tmp");
    }

    /**
     * Whether a file's name is that of a file still being written ({@link #temporarySibling}, and the names of that
     * form other writers of the Hub cache use).
     *
     * @param file the file
     * @return true for {@code .NAME…tmp}
     */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp");
    }
}
