package io.github.bertner.model;

import io.github.bertner.ModelLoadException;
import io.github.bertner.internal.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model directory written beside its place under a hidden name ({@code .NAME.partial-UUID}) and moved into place
 * whole by {@link #publish()}, so that a reader, or a run killed at any moment, finds the directory complete or
 * absent, never half-written. Closing removes whatever was not published. Every writer of model directories (the
 * converter, the class-path models, the caches) writes through one.
 */
public final class StagedDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StagedDirectory.class);

    private final Path target;
    private final Path staging;

    private StagedDirectory(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * Stages a directory that the user named: one that exists is refused unless it is an empty directory.
     *
     * @param target where the directory will be
     * @return the staged directory
     * @throws ModelLoadException naming the target that exists, or that cannot be created
     */
    public static StagedDirectory forOutput(Path target) throws ModelLoadException {
        Path absolute = target.toAbsolutePath();
        try {
            if (Files.exists(absolute) && (!Files.isDirectory(absolute) || !isEmpty(absolute))) {
                throw new ModelLoadException(
                        target, "already exists and is not an empty directory; choose another output");
            }
            return new StagedDirectory(absolute, stage(absolute));
        } catch (IOException e) {
            throw ModelLoadException.of(target, "cannot be created", e);
        }
    }

    /**
     * Stages a cache entry, which nobody else writes while the caller holds its lock.
     *
     * @param target where the entry will be
     * @return the staged directory
     * @throws IOException if the staging directory cannot be created
     */
    public static StagedDirectory forCacheEntry(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        return new StagedDirectory(absolute, stage(absolute));
    }

    /**
     * The staging directory, where the files are written before {@link #publish()}.
     *
     * @return its path
     */
    public Path path() {
        return staging;
    }

    /**
     * A file of the staging directory.
     *
     * @param relative its path inside the directory
     * @return its path
     */
    public Path resolve(String relative) {
        return staging.resolve(relative);
    }

    /**
     * Writes a text file, in UTF-8.
     *
     * @param relative its path inside the directory
     * @param text the text
     * @throws ModelLoadException naming the file that cannot be written
     */
    public void writeText(String relative, String text) throws ModelLoadException {
        Path file = resolve(relative);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ModelLoadException.of(file, "cannot be written", e);
        }
    }

    /**
     * Copies a file in, making the folders it is in.
     *
     * @param from the file
     * @param relative its path inside the directory
     * @throws ModelLoadException naming the file that cannot be written
     */
    public void copy(Path from, String relative) throws ModelLoadException {
        Path to = resolve(relative);
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw ModelLoadException.of(to, "cannot be written", e);
        }
    }

    /**
     * Copies a stream in, making the folders it is in.
     *
     * @param in the content
     * @param relative its path inside the directory
     * @throws IOException if it cannot be read or written
     */
    public void copy(InputStream in, String relative) throws IOException {
        Path to = resolve(relative);
        Files.createDirectories(to.getParent());
        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Moves the directory into place in one step (an empty directory there is replaced).
     *
     * @throws ModelLoadException naming the target that cannot be created
     */
    public void publish() throws ModelLoadException {
        try {
            Files.deleteIfExists(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw ModelLoadException.of(target, "cannot be created", e);
        }
    }

    /** Removes the staging directory if it was not published. */
    @Override
    public void close() {
        try {
            FileTrees.delete(staging);
        } catch (IOException e) {
            LOG.warn("Could not remove the unfinished {}: {}", staging, e.getMessage());
        }
    }

    private static Path stage(Path target) throws IOException {
        Path parent = target.getParent();
        Files.createDirectories(parent);
        return Files.createDirectory(parent.resolve("." + target.getFileName() + ".partial-" + UUID.randomUUID()));
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}
