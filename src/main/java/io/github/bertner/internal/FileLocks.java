package io.github.bertner.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive work on a shared cache entry, across threads of this JVM and across processes: a lock file
 * locked with the operating system's file lock, entered by one thread of the JVM at a time.
 */
public final class FileLocks {
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    /** Work done while holding a lock. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @return its result
         * @throws IOException if it fails
         */
        T run() throws IOException;
    }

    private FileLocks() {}

    /**
     * Runs work while holding a lock file, creating it and its folder as needed.
     *
     * @param lockFile the lock file
     * @param work the work
     * @param <T> the work's result type
     * @return the work's result
     * @throws IOException if the lock cannot be taken or the work fails
     */
    public static <T> T holding(Path lockFile, Work<T> work) throws IOException {
        Path absolute = lockFile.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        synchronized (IN_PROCESS.computeIfAbsent(absolute, path -> new Object())) {
            try (FileChannel channel = FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return work.run();
            }
        }
    }
}
