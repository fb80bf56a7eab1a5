package io.github.bertner.hub;

import io.github.bertner.ModelFiles;
import io.github.bertner.ModelLoadException;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.SourceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Hub repository at a revision into a model directory: its ONNX export where it has one (the
 * snapshot folder of the cache itself), else its checkpoint converted once and kept in the conversion
 * cache under {@code models--ORG--NAME/COMMIT/KEY}, the key naming the source files and the converter
 * version. Offline, only what the caches hold is used.
 */
public final class HubModels {
    private static final Logger LOG = LoggerFactory.getLogger(HubModels.class);

    private HubModels() {}

    /**
     * The model directory of a repository at a revision, fetched and converted as needed.
     *
     * @param repoId {@code ORG/NAME}
     * @param revision a branch, tag or commit
     * @param quantized whether the int8 model is wanted
     * @param settings endpoint, token, offline mode and caches
     * @param progress told about each download
     * @return a model directory the tagger loads
     * @throws ModelLoadException with a one-line reason naming the repository, revision, file or endpoint
     */
    public static Path resolve(
            String repoId, String revision, boolean quantized, HubSettings settings, DownloadProgress progress)
            throws ModelLoadException {
        HubCache cache = new HubCache(settings.hubCache(), repoId);
        String location = "hf:" + repoId + "@" + revision;
        String commit;
        SourceFiles files;
        HubClient client = null;
        if (settings.offline()) {
            commit = cache.commitOf(revision)
                    .orElseThrow(
                            () -> new ModelLoadException(
                                    location,
                                    "is not in the cache at " + settings.hubCache()
                                            + " and HF_HUB_OFFLINE is set: run once with network access, or pass a local model directory"));
            files = SourceFiles.choose(cache.snapshotFiles(commit), quantized, location + " (cached)");
        } else {
            client = new HubClient(settings, progress);
            HubClient.Listing listing = client.list(repoId, revision);
            commit = listing.commit();
            cache.writeRef(revision, commit);
            files = SourceFiles.choose(listing.files(), quantized, location);
        }
        Path converted = settings.conversionCache()
                .resolve("models--" + repoId.replace("/", "--"))
                .resolve(commit)
                .resolve(key(files));
        if (!files.isOnnxExport() && Files.isRegularFile(converted.resolve(ModelFiles.MODEL_ONNX))) {
            return quantized ? CheckpointConverter.quantizeOnce(converted) : converted;
        }
        for (String file : files.files()) {
            if (client != null) {
                client.fetch(cache, repoId, commit, file);
            } else if (cache.cachedFile(commit, file).isEmpty()) {
                throw new ModelLoadException(location, file + " is not in the cache and HF_HUB_OFFLINE is set");
            }
        }
        Path snapshot = cache.snapshot(commit);
        if (files.isOnnxExport()) {
            return snapshot;
        }
        LOG.info("Converting {} (commit {}) to ONNX", location, commit);
        CheckpointConverter.convertOnce(snapshot, converted);
        return quantized ? CheckpointConverter.quantizeOnce(converted) : converted;
    }

    /** The conversion's cache key: the source files (the commit is the folder above). */
    private static String key(SourceFiles files) {
        return CheckpointConverter.cacheKey(String.join("\n", files.files()));
    }
}
