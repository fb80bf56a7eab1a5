package io.github.bertner.uima;

import io.github.bertner.Aggregation;
import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Tagger;
import io.github.bertner.TaggerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.uima.resource.ResourceInitializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and closes the taggers of the UIMA components, and counts the models they have loaded and still
 * hold open in this JVM (each open model is one ONNX Runtime session in native memory).
 */
final class TaggerLoader {
    private static final Logger LOG = LoggerFactory.getLogger(TaggerLoader.class);
    private static final AtomicInteger LOADED = new AtomicInteger();
    private static final AtomicInteger OPEN = new AtomicInteger();

    private TaggerLoader() {}

    /**
     * Builds the tagger configuration from component parameters.
     *
     * @throws ResourceInitializationException naming the invalid parameter
     */
    static TaggerConfig config(Aggregation aggregation, int stride, int batchSize, boolean quantized,
            boolean keepSpecialLabels, int intraOpThreads) throws ResourceInitializationException {
        try {
            return TaggerConfig.builder()
                    .aggregation(aggregation)
                    .stride(stride)
                    .batchSize(batchSize)
                    .quantized(quantized)
                    .keepSpecialLabels(keepSpecialLabels)
                    .intraOpThreads(intraOpThreads)
                    .build();
        } catch (IllegalArgumentException e) {
            throw UimaErrors.initialization("invalid tagger parameter: " + e.getMessage(), e);
        }
    }

    /**
     * Loads a model, fetching and converting it first where needed.
     *
     * @param modelLocation a directory path, a {@code file:} URI, or {@code hf:ORG/NAME[@REVISION]}
     * @param owner the component that loads it, for the log and error messages
     */
    static Tagger load(String modelLocation, TaggerConfig config, String owner) throws ResourceInitializationException {
        ModelLocation location = location(modelLocation, owner);
        try {
            Tagger tagger = Tagger.load(location, config);
            LOADED.incrementAndGet();
            int open = OPEN.incrementAndGet();
            LOG.info("{} loaded the model {} from {} ({} model(s) open)", owner, location, tagger.info().directory(), open);
            return tagger;
        } catch (ModelLoadException e) {
            throw UimaErrors.initialization(owner + " cannot load the model " + location + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw UimaErrors.initialization(owner + ": the parameters do not fit the model " + location + ": " + e.getMessage(), e);
        }
    }

    /** Closes a tagger that {@link #load} returned; call once per tagger. */
    static void close(Tagger tagger, String owner) {
        tagger.close();
        int open = OPEN.decrementAndGet();
        LOG.info("{} closed the model in {} ({} model(s) open)", owner, tagger.info().directory(), open);
    }

    /** How many models the UIMA components have loaded in this JVM so far. */
    static int loaded() {
        return LOADED.get();
    }

    /** How many models the UIMA components hold open in this JVM now. */
    static int open() {
        return OPEN.get();
    }

    private static ModelLocation location(String modelLocation, String owner) throws ResourceInitializationException {
        if (modelLocation == null || modelLocation.isBlank()) {
            throw UimaErrors.initialization(owner + " has no model: set its parameter modelLocation to a model "
                    + "directory or hf:ORG/NAME, or bind a BertTaggerResource to it");
        }
        try {
            return modelLocation.startsWith("file:") ? ModelLocation.directory(Path.of(URI.create(modelLocation)))
                    : ModelLocation.parse(modelLocation);
        } catch (IllegalArgumentException e) {
            throw UimaErrors.initialization(owner + ": modelLocation '" + modelLocation + "' is not a path, file: URI or hf: location: "
                    + e.getMessage(), e);
        }
    }
}
