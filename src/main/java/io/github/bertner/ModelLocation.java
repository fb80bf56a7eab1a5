package io.github.bertner;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a model comes from: a local directory, a Hugging Face Hub repository at a revision, or a folder on the
 * class path. The text forms are a directory path, {@code hf:ORG/NAME} (branch {@code main}),
 * {@code hf:ORG/NAME@REVISION} (a branch, tag or commit) and {@code classpath:PATH} (such as {@link #DEMO}, the
 * small Danish demo model inside the jar, which is copied to the conversion cache on first use).
 *
 * <p>{@link Recognizers#load} turns a location into a model directory and loads it. A directory with an ONNX export
 * is used as it is; a directory with a token-classification or GLiNER checkpoint ({@code model.safetensors},
 * {@code pytorch_model.bin} or their shards, of any architecture bert-ner converts) is converted once and kept in
 * the conversion cache. A Hub repository is fetched into the {@code huggingface_hub} cache, shared with Python, and
 * converted likewise when it has no ONNX export. Only {@code hf:} locations use the network, and only the endpoint
 * of {@code HF_ENDPOINT}.
 */
public final class ModelLocation {
    /** The prefix of a Hub location. */
    public static final String HUB_PREFIX = "hf:";
    /** The revision of a Hub location that names none. */
    public static final String DEFAULT_REVISION = "main";
    /** The prefix of a class path location. */
    public static final String CLASSPATH_PREFIX = "classpath:";
    /**
     * The small Danish demo model inside the jar (4 layers, trained from scratch on DaNE: often wrong, for trying
     * things out).
     */
    public static final String DEMO = CLASSPATH_PREFIX + "io/github/bertner/demo/danish-ner-mini";

    private static final Pattern REPO_ID = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)");
    private static final String FORMS = "a model directory, hf:ORG/NAME, hf:ORG/NAME@REVISION or classpath:PATH";

    private final Path directory;
    private final String repoId;
    private final String revision;
    private final String resource;

    private ModelLocation(Path directory, String repoId, String revision, String resource) {
        this.directory = directory;
        this.repoId = repoId;
        this.revision = revision;
        this.resource = resource;
    }

    /**
     * Reads the text form.
     *
     * @param text a directory path, {@code hf:ORG/NAME}, {@code hf:ORG/NAME@REVISION} or {@code classpath:PATH}
     * @return the location
     * @throws IllegalArgumentException if the text is blank or a malformed {@code hf:} or {@code classpath:}
     *     location, saying which forms are accepted
     */
    public static ModelLocation parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("model location must not be blank: use " + FORMS);
        }
        if (text.startsWith(CLASSPATH_PREFIX)) {
            String path = text.substring(CLASSPATH_PREFIX.length()).replaceAll("^/+|/+$", "");
            if (path.isEmpty() || path.contains("..")) {
                throw new IllegalArgumentException("model location '" + text + "' is malformed: use " + FORMS);
            }
            return new ModelLocation(null, null, null, path);
        }
        if (!text.startsWith(HUB_PREFIX)) {
            return directory(Path.of(text));
        }
        String rest = text.substring(HUB_PREFIX.length());
        int at = rest.indexOf('@');
        String repo = at < 0 ? rest : rest.substring(0, at);
        String revision = at < 0 ? DEFAULT_REVISION : rest.substring(at + 1);
        Matcher matcher = REPO_ID.matcher(repo);
        if (!matcher.matches()
                || repo.contains("..")
                || revision.isBlank()
                || revision.contains("..")
                || revision.startsWith("/")) {
            throw new IllegalArgumentException("model location '" + text + "' is malformed: use " + FORMS);
        }
        return hub(repo, revision);
    }

    /**
     * Whether a name has the form of a Hub repository, {@code ORG/NAME}.
     *
     * @param name the name
     * @return true if it is one
     */
    public static boolean isRepositoryId(String name) {
        return name != null && REPO_ID.matcher(name).matches() && !name.contains("..");
    }

    /**
     * A local model directory: an ONNX export, or a checkpoint to convert.
     *
     * @param directory the directory
     * @return the location
     */
    public static ModelLocation directory(Path directory) {
        if (directory == null) {
            throw new IllegalArgumentException("directory is null");
        }
        return new ModelLocation(directory, null, null, null);
    }

    /**
     * A Hub repository at a revision.
     *
     * @param repoId {@code ORG/NAME}
     * @param revision a branch, tag or commit
     * @return the location
     * @throws IllegalArgumentException if either is malformed
     */
    public static ModelLocation hub(String repoId, String revision) {
        if (repoId == null || !REPO_ID.matcher(repoId).matches() || revision == null || revision.isBlank()) {
            throw new IllegalArgumentException(
                    "Hub repository '" + repoId + "' at '" + revision + "' is malformed: use " + FORMS);
        }
        return new ModelLocation(null, repoId, revision, null);
    }

    /**
     * Whether this is a Hub repository.
     *
     * @return true for {@code hf:} locations
     */
    public boolean isHub() {
        return repoId != null;
    }

    /**
     * The local directory, for a directory location.
     *
     * @return the directory, or empty for a Hub location
     */
    public Optional<Path> localDirectory() {
        return Optional.ofNullable(directory);
    }

    /**
     * The Hub repository, for a Hub location.
     *
     * @return {@code ORG/NAME}, or empty for another location
     */
    public Optional<String> hubRepository() {
        return Optional.ofNullable(repoId);
    }

    /**
     * The revision of a Hub location: a branch, tag or commit.
     *
     * @return the revision ({@link #DEFAULT_REVISION} unless one was named); null for another location
     */
    public String revision() {
        return revision;
    }

    /**
     * The class-path resource folder, for a {@code classpath:} location.
     *
     * @return the folder's path on the class path, without leading or trailing slashes, or empty
     */
    public Optional<String> classpathResource() {
        return Optional.ofNullable(resource);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelLocation that
                && Objects.equals(directory, that.directory)
                && Objects.equals(repoId, that.repoId)
                && Objects.equals(revision, that.revision)
                && Objects.equals(resource, that.resource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, repoId, revision, resource);
    }

    /** The text form, as {@link #parse(String)} reads it. */
    @Override
    public String toString() {
        if (resource != null) {
            return CLASSPATH_PREFIX + resource;
        }
        return isHub()
                ? HUB_PREFIX + repoId + (revision.equals(DEFAULT_REVISION) ? "" : "@" + revision)
                : directory.toString();
    }
}
