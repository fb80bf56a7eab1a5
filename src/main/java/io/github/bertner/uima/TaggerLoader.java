package io.github.bertner.uima;

import io.github.bertner.Aggregation;
import io.github.bertner.Device;
import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
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
     * Builds the tagger configuration from a component's {@link TaggerParameters} fields, read by their
     * {@code @ConfigurationParameter} names (the one place where parameter values become a configuration).
     *
     * @param component a component whose class declares the tagger parameters
     * @throws ResourceInitializationException naming the invalid parameter
     */
    static RecognizerConfig config(Object component) throws ResourceInitializationException {
        Map<String, Object> values = parameterValues(component);
        try {
            return RecognizerConfig.builder()
                    .aggregation(aggregation((String) values.get(TaggerParameters.PARAM_AGGREGATION)))
                    .stride((Integer) values.get(TaggerParameters.PARAM_STRIDE))
                    .batchSize((Integer) values.get(TaggerParameters.PARAM_BATCH_SIZE))
                    .quantized((Boolean) values.get(TaggerParameters.PARAM_QUANTIZED))
                    .keepSpecialLabels((Boolean) values.get(TaggerParameters.PARAM_KEEP_SPECIAL_LABELS))
                    .intraOpThreads((Integer) values.get(TaggerParameters.PARAM_INTRA_OP_THREADS))
                    .device(Device.parse((String) values.get(TaggerParameters.PARAM_DEVICE)))
                    .memoryArena((Boolean) values.get(TaggerParameters.PARAM_MEMORY_ARENA))
                    .memoryPattern((Boolean) values.get(TaggerParameters.PARAM_MEMORY_PATTERN))
                    .maxConcurrentRuns((Integer) values.get(TaggerParameters.PARAM_MAX_CONCURRENT_RUNS))
                    .nestedSpans((Boolean) values.get(TaggerParameters.PARAM_NESTED_SPANS))
                    .multiLabelSpans((Boolean) values.get(TaggerParameters.PARAM_MULTI_LABEL_SPANS))
                    .build();
        } catch (IllegalArgumentException e) {
            throw UimaErrors.initialization("invalid tagger parameter: " + e.getMessage(), e);
        }
    }

    private static Aggregation aggregation(String value) {
        try {
            return Aggregation.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(TaggerParameters.PARAM_AGGREGATION + " " + e.getMessage(), e);
        }
    }

    /** The values of a component's configuration-parameter fields, by parameter name. */
    private static Map<String, Object> parameterValues(Object component) {
        Map<String, Object> values = new HashMap<>();
        for (Class<?> type = component.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                ConfigurationParameter parameter = field.getAnnotation(ConfigurationParameter.class);
                if (parameter != null) {
                    field.setAccessible(true);
                    try {
                        values.putIfAbsent(parameter.name(), field.get(component));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read parameter field " + field, e);
                    }
                }
            }
        }
        return values;
    }

    /**
     * Loads a model, fetching and converting it first where needed.
     *
     * @param modelLocation a directory path, a {@code file:} URI, {@code hf:ORG/NAME[@REVISION]} or {@code classpath:PATH}
     * @param owner the component that loads it, for the log and error messages
     */
    static Recognizer load(String modelLocation, RecognizerConfig config, String owner)
            throws ResourceInitializationException {
        ModelLocation location = location(modelLocation, owner);
        try {
            Recognizer tagger = Recognizers.load(location, config);
            LOADED.incrementAndGet();
            int open = OPEN.incrementAndGet();
            LOG.info(
                    "{} loaded the model {} from {} ({} model(s) open)",
                    owner,
                    location,
                    tagger.info().directory(),
                    open);
            return tagger;
        } catch (ModelLoadException e) {
            throw UimaErrors.initialization(owner + " cannot load the model " + location + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw UimaErrors.initialization(
                    owner + ": the parameters do not fit the model " + location + ": " + e.getMessage(), e);
        }
    }

    /** Closes a recognizer that {@link #load} returned; call once per recognizer. */
    static void close(Recognizer tagger, String owner) {
        tagger.close();
        int open = OPEN.decrementAndGet();
        LOG.info(
                "{} closed the model in {} ({} model(s) open)",
                owner,
                tagger.info().directory(),
                open);
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
            return modelLocation.startsWith("file:")
                    ? ModelLocation.directory(Path.of(URI.create(modelLocation)))
                    : ModelLocation.parse(modelLocation);
        } catch (IllegalArgumentException e) {
            throw UimaErrors.initialization(
                    owner + ": modelLocation '" + modelLocation
                            + "' is not a path, file: URI, hf: or classpath: location: " + e.getMessage(),
                    e);
        }
    }
}
