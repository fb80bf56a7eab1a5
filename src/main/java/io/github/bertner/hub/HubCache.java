package io.github.bertner.hub;

import io.github.bertner.ModelLoadException;
import io.github.bertner.internal.AtomicFiles;
import io.github.bertner.internal.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One repository's part of the {@code huggingface_hub} cache, read and written in its layout:
 * {@code models--ORG--NAME/blobs/ETAG} (the bytes), {@code snapshots/COMMIT/FILE} (relative symbolic links
 * to the blobs, or copies where links cannot be made), {@code refs/REVISION} (the commit a branch or tag
 * pointed to) and {@code .locks/models--ORG--NAME/ETAG.lock}. Every file appears complete or not at all:
 * blobs are written as {@code ETAG.incomplete} and renamed, links and refs are made beside their place and
 * renamed.
 */
public final class HubCache {
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    private final Path root;
    private final Path repository;
    private final Path locks;

    public HubCache(Path hubCache, String repoId) {
        this.root = hubCache;
        String folder = "models--" + repoId.replace("/", "--");
        this.repository = hubCache.resolve(folder);
        this.locks = hubCache.resolve(".locks").resolve(folder);
    }

    static boolean isCommit(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    Path root() {
        return root;
    }

    /** The commit a revision stands for in the cache: the revision itself if it is a commit, else its ref. */
    public Optional<String> commitOf(String revision) throws ModelLoadException {
        if (isCommit(revision)) {
            return Files.isDirectory(snapshot(revision)) ? Optional.of(revision) : Optional.empty();
        }
        Path ref = repository.resolve("refs").resolve(revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        try {
            String commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
            return isCommit(commit) ? Optional.of(commit) : Optional.empty();
        } catch (IOException e) {
            throw new ModelLoadException(ref, "cannot be read: " + e.getMessage(), e);
        }
    }

    public void writeRef(String revision, String commit) throws ModelLoadException {
        if (revision.equals(commit)) {
            return;
        }
        Path ref = repository.resolve("refs").resolve(revision);
        try {
            AtomicFiles.write(ref, commit.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw HubErrors.writeFailure(ref, e);
        }
    }

    public Path snapshot(String commit) {
        return repository.resolve("snapshots").resolve(commit);
    }

    /** The file in a snapshot, if it is there and complete (a link whose blob exists, or a copy). */
    public Optional<Path> cachedFile(String commit, String file) {
        Path path = snapshot(commit).resolve(file);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /**
     * Every complete file of a snapshot, relative to it, with {@code /} between folders, while other processes may
     * be linking files into it.
     */
    public List<String> snapshotFiles(String commit) throws ModelLoadException {
        Path snapshot = snapshot(commit);
        try {
            return FileTrees.completeFiles(snapshot, Integer.MAX_VALUE);
        } catch (IOException e) {
            throw new ModelLoadException(snapshot, "cannot be listed: " + e.getMessage(), e);
        }
    }

    Path blob(String etag) {
        return repository.resolve("blobs").resolve(etag);
    }

    Path incomplete(String etag) {
        return repository.resolve("blobs").resolve(etag + ".incomplete");
    }

    Path lockFile(String etag) {
        return locks.resolve(etag + ".lock");
    }

    /** Makes {@code snapshots/COMMIT/FILE} point to the blob: a relative link, or a copy where links fail. */
    Path link(String commit, String file, String etag) throws ModelLoadException {
        Path target = snapshot(commit).resolve(file);
        Path blob = blob(etag);
        try {
            Files.createDirectories(target.getParent());
            Path temporary = AtomicFiles.temporarySibling(target);
            try {
                try {
                    Files.createSymbolicLink(temporary, target.getParent().relativize(blob));
                } catch (UnsupportedOperationException | FileSystemException e) {
                    Files.copy(blob, temporary, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw HubErrors.writeFailure(target, e);
        }
    }
}
