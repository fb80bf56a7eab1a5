package io.github.bertner.internal;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/** Listing and removing directory trees. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * The complete files of a directory tree that other processes may be writing into (a Hub cache snapshot, a
     * checkpoint being linked): regular files and links to them, relative to the directory with {@code /} between
     * folders. Entries that vanish while the tree is read are left out, and so are files still being written under
     * a temporary name ({@link AtomicFiles#isTemporary}); symbolic links to folders are not followed.
     *
     * @param directory the directory
     * @param maxDepth how many levels of folders to read, 1 for the directory's own files
     * @return the files, in the order the tree was read
     * @throws IOException if the directory or a folder in it cannot be read
     */
    public static List<String> completeFiles(Path directory, int maxDepth) throws IOException {
        List<String> files = new ArrayList<>();
        Files.walkFileTree(directory, EnumSet.noneOf(FileVisitOption.class), maxDepth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (Files.isRegularFile(file) && !AtomicFiles.isTemporary(file)) {
                    files.add(directory.relativize(file).toString().replace('\\', '/'));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException && !file.equals(directory)) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return files;
    }

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
