package io.github.bertner.loader;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.SourceFiles;
import io.github.bertner.hub.DownloadProgress;
import io.github.bertner.hub.HubCache;
import io.github.bertner.hub.HubClient;
import io.github.bertner.hub.HubSettings;
import io.github.bertner.model.ClasspathModel;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.model.SpanModelConfig;
import io.github.bertner.tokenizer.SpanModelTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link ModelLocation} into a model directory that the recognizers load as it is: a local ONNX model
 * directory as it is; a local checkpoint converted once into the conversion cache; a class-path model extracted once;
 * a Hub repository at a revision: its ONNX export where it has one (the
 * snapshot folder of the cache itself), else its checkpoint converted once and kept in the conversion
 * cache under {@code models--ORG--NAME/COMMIT/KEY}, the key naming the source files and the converter
 * version. A GLiNER checkpoint without a tokenizer or encoder config of its own (the urchade v2.1 repositories)
 * is converted with those of its backbone, the repository its {@code model_name} names, fetched as GLiNER
 * fetches it. Offline, only what the caches hold is used.
 */
public final class ModelResolver {
    private static final Logger LOG = LoggerFactory.getLogger(ModelResolver.class);

    private ModelResolver() {}

    /**
     * Resolves a location with the Hub settings of this process's environment, without progress reports.
     *
     * @param location where the model is
     * @param quantized whether the int8 model is wanted
     * @return a model directory the recognizers load
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     */
    public static Path resolve(ModelLocation location, boolean quantized) throws ModelLoadException {
        return needsResolving(location)
                ? resolve(location, quantized, HubSettings.fromEnvironment(), DownloadProgress.NONE)
                : location.localDirectory().orElseThrow();
    }

    /**
     * Whether {@link #resolve} has work to do (a Hub repository, a class-path model, or a checkpoint to convert),
     * rather than returning a local model directory as it is.
     *
     * @param location the location
     * @return false for a local directory that is not a checkpoint
     */
    public static boolean needsResolving(ModelLocation location) {
        return location.localDirectory().map(CheckpointConverter::isCheckpoint).orElse(true);
    }

    /**
     * Resolves a location: fetches, extracts and converts as needed.
     *
     * @param location where the model is
     * @param quantized whether the int8 model is wanted
     * @param settings the Hub endpoint, token, offline mode and caches
     * @param progress told about each download
     * @return a model directory the recognizers load
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     */
    public static Path resolve(
            ModelLocation location, boolean quantized, HubSettings settings, DownloadProgress progress)
            throws ModelLoadException {
        if (!needsResolving(location)) {
            return location.localDirectory().orElseThrow();
        }
        if (location.isHub()) {
            return resolveHub(
                    location.hubRepository().orElseThrow(), location.revision(), quantized, settings, progress);
        }
        Optional<String> resource = location.classpathResource();
        if (resource.isPresent()) {
            Path copy = ClasspathModel.resolve(resource.get(), settings.conversionCache());
            if (!CheckpointConverter.isCheckpoint(copy)) {
                return copy;
            }
            Path converted = CheckpointConverter.convertOnce(
                    copy, Optional.empty(), copy.resolveSibling(copy.getFileName() + "-onnx"));
            return quantized ? CheckpointConverter.quantizeOnce(converted) : converted;
        }
        Path directory = location.localDirectory().orElseThrow();
        Path converted = CheckpointConverter.convertOnce(
                directory,
                localBackbone(directory, settings),
                settings.conversionCache().resolve("local").resolve(localKey(directory)));
        return quantized ? CheckpointConverter.quantizeOnce(converted) : converted;
    }

    /**
     * The checkpoint directory of a location, for training: a local directory with a token classifier's (or base
     * model's) {@code config.json} and weights, a Hub repository's checkpoint files fetched into the Hub cache (its
     * ONNX export, if any, is not fetched; offline, only what the cache holds is used), or a class-path checkpoint's
     * copy in the conversion cache (the demo model).
     *
     * @param location where the model is
     * @param settings the Hub endpoint, token, offline mode and caches
     * @param progress told about each download
     * @return a directory with {@code config.json}, the weights and the tokenizer
     * @throws ModelLoadException naming the location that has no checkpoint weights (an ONNX export) or is a GLiNER
     *     model, which does not train
     */
    public static Path checkpoint(ModelLocation location, HubSettings settings, DownloadProgress progress)
            throws ModelLoadException {
        Optional<String> resource = location.classpathResource();
        if (resource.isPresent()) {
            Path copy = ClasspathModel.resolve(resource.get(), settings.conversionCache());
            trainable(CheckpointConverter.listing(copy), location.toString());
            return copy;
        }
        if (location.isHub()) {
            String repoId = location.hubRepository().orElseThrow();
            String where = location(repoId, location.revision());
            HubClient client = settings.offline() ? null : new HubClient(settings, progress);
            return snapshot(repoId, location.revision(), settings, client, available -> trainable(available, where))
                    .fetch();
        }
        Path directory = location.localDirectory().orElseThrow();
        trainable(CheckpointConverter.listing(directory), directory.toString());
        return directory;
    }

    private static SourceFiles trainable(Collection<String> available, String where) throws ModelLoadException {
        if (available.contains(SpanModelConfig.FILE)) {
            throw new ModelLoadException(
                    where, "is a GLiNER span model: bert-ner train fine-tunes token classifiers, not GLiNER models");
        }
        if (SourceFiles.WEIGHTS.stream().noneMatch(available::contains)) {
            throw new ModelLoadException(
                    where,
                    "has no checkpoint weights (" + SourceFiles.SAFETENSORS + " or " + SourceFiles.PYTORCH
                            + "): training needs the checkpoint's weights, not an ONNX export");
        }
        return SourceFiles.checkpoint(available, where);
    }

    /** A key that changes when the checkpoint's files change: its path, and its files' names, sizes and times. */
    private static String localKey(Path checkpoint) throws ModelLoadException {
        StringBuilder identity =
                new StringBuilder(checkpoint.toAbsolutePath().normalize().toString()).append('\n');
        try (Stream<Path> files = Files.list(checkpoint)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                identity.append(file.getFileName())
                        .append(' ')
                        .append(Files.size(file))
                        .append(' ')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append('\n');
            }
        } catch (IOException e) {
            throw new ModelLoadException(checkpoint, "cannot be listed: " + e.getMessage(), e);
        }
        return CheckpointConverter.cacheKey(identity.toString());
    }

    /**
     * The model directory of a repository at a revision, fetched and converted as needed.
     *
     * @param repoId {@code ORG/NAME}
     * @param revision a branch, tag or commit
     * @param quantized whether the int8 model is wanted
     * @param settings endpoint, token, offline mode and caches
     * @param progress told about each download
     * @return a model directory the recognizers load
     * @throws ModelLoadException with a one-line reason naming the repository, revision, file or endpoint
     */
    private static Path resolveHub(
            String repoId, String revision, boolean quantized, HubSettings settings, DownloadProgress progress)
            throws ModelLoadException {
        HubClient client = settings.offline() ? null : new HubClient(settings, progress);
        Snapshot model = snapshot(
                repoId,
                revision,
                settings,
                client,
                available -> SourceFiles.choose(
                        available, quantized, location(repoId, revision) + (client == null ? " (cached)" : "")));
        SourceFiles files = model.files();
        Path converted = settings.conversionCache()
                .resolve("models--" + repoId.replace("/", "--"))
                .resolve(model.commit())
                .resolve(key(files.files()));
        if (!files.isOnnxExport() && Files.isRegularFile(converted.resolve(ModelFiles.MODEL_ONNX))) {
            return quantized ? CheckpointConverter.quantizeOnce(converted) : converted;
        }
        Path snapshot = model.fetch();
        if (files.isOnnxExport()) {
            return snapshot;
        }
        Optional<String> backboneName = backboneNeeded(snapshot);
        Optional<Path> backbone = backboneName.isPresent()
                ? Optional.of(fetchBackbone(backboneName.get(), settings, client))
                : Optional.empty();
        LOG.info("Converting {} (commit {}) to ONNX", location(repoId, revision), model.commit());
        CheckpointConverter.convertOnce(snapshot, backbone, converted);
        return quantized ? CheckpointConverter.quantizeOnce(converted) : converted;
    }

    /**
     * The backbone of a local GLiNER checkpoint that has no tokenizer or encoder config of its own: its
     * {@code model_name} as a folder, else that repository's snapshot in the Hub cache, as Python's GLiNER left it
     * (nothing is fetched: only a {@code hf:} location uses the network).
     *
     * @param checkpoint the checkpoint directory
     * @param settings the caches
     * @return the backbone's directory, or empty when none is needed or none is at hand
     * @throws ModelLoadException if the checkpoint's {@code gliner_config.json} is invalid
     */
    public static Optional<Path> localBackbone(Path checkpoint, HubSettings settings) throws ModelLoadException {
        Optional<String> name = backboneNeeded(checkpoint);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Path folder = Path.of(name.get());
        if (Files.isDirectory(folder)) {
            return Optional.of(folder);
        }
        if (!ModelLocation.isRepositoryId(name.get())) {
            return Optional.empty();
        }
        HubCache cache = new HubCache(settings.hubCache(), name.get());
        return cache.commitOf(ModelLocation.DEFAULT_REVISION)
                .map(cache::snapshot)
                .filter(Files::isDirectory);
    }

    /** The backbone a GLiNER checkpoint needs: {@code model_name} where it lacks a tokenizer or an encoder config. */
    private static Optional<String> backboneNeeded(Path checkpoint) throws ModelLoadException {
        if (!SpanModelConfig.isSpanModel(checkpoint)) {
            return Optional.empty();
        }
        SpanModelConfig config = SpanModelConfig.read(checkpoint.resolve(SpanModelConfig.FILE));
        boolean encoderConfig =
                config.encoderConfig().isPresent() || Files.isRegularFile(checkpoint.resolve("config.json"));
        return SpanModelTokenizer.hasTokenizer(checkpoint) && encoderConfig
                ? Optional.empty()
                : Optional.of(config.backbone());
    }

    /** Fetches the backbone's config and tokenizer (its main branch), as GLiNER does with {@code model_name}. */
    private static Path fetchBackbone(String repoId, HubSettings settings, HubClient client) throws ModelLoadException {
        String revision = ModelLocation.DEFAULT_REVISION;
        String location = location(repoId, revision) + " (the GLiNER model's backbone, its model_name)";
        if (!ModelLocation.isRepositoryId(repoId)) {
            throw new ModelLoadException(location, "is not a Hub repository name (ORG/NAME)");
        }
        return snapshot(repoId, revision, settings, client, available -> SourceFiles.backbone(available, location))
                .fetch();
    }

    /** Chooses the files of a repository's listing. */
    private interface Chooser {
        SourceFiles choose(Collection<String> available) throws ModelLoadException;
    }

    /** A repository at a commit and the files chosen of it, fetched into the cache on demand. */
    private record Snapshot(
            String repoId, String commit, SourceFiles files, HubCache cache, HubClient client, String location) {

        /** Fetches the chosen files (offline: checks the cache has them) and returns the snapshot folder. */
        Path fetch() throws ModelLoadException {
            for (String file : files.files()) {
                if (client != null) {
                    client.fetch(cache, repoId, commit, file);
                } else if (cache.cachedFile(commit, file).isEmpty()) {
                    throw new ModelLoadException(location, file + " is not in the cache and HF_HUB_OFFLINE is set");
                }
            }
            return cache.snapshot(commit);
        }
    }

    private static Snapshot snapshot(
            String repoId, String revision, HubSettings settings, HubClient client, Chooser chooser)
            throws ModelLoadException {
        HubCache cache = new HubCache(settings.hubCache(), repoId);
        String location = location(repoId, revision);
        if (client == null) {
            String commit = cache.commitOf(revision)
                    .orElseThrow(
                            () -> new ModelLoadException(
                                    location,
                                    "is not in the cache at " + settings.hubCache()
                                            + " and HF_HUB_OFFLINE is set: run once with network access, or pass a local model directory"));
            return new Snapshot(repoId, commit, chooser.choose(cache.snapshotFiles(commit)), cache, null, location);
        }
        HubClient.Listing listing = client.list(repoId, revision);
        cache.writeRef(revision, listing.commit());
        return new Snapshot(repoId, listing.commit(), chooser.choose(listing.files()), cache, client, location);
    }

    private static String location(String repoId, String revision) {
        return "hf:" + repoId + "@" + revision;
    }

    /** The conversion's cache key: the source files (the commit is the folder above). */
    private static String key(List<String> files) {
        return CheckpointConverter.cacheKey(String.join("\n", files));
    }
}
