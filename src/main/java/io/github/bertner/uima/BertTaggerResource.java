package io.github.bertner.uima;

import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TokenDecoding;
import java.util.Map;
import org.apache.uima.fit.component.Resource_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.resource.ResourceInitializationException;
import org.apache.uima.resource.ResourceSpecifier;

/**
 * A shared BERT NER model for {@link BertNamedEntityRecognizer}: an external resource that loads one
 * tagger when the resource manager creates it and lends it to every engine bound to it, so that several
 * engine instances (for example one per processing-unit thread of a CPE) hold one copy of the model.
 *
 * <p>The tagger is thread-safe and is closed in {@link #destroy()}, which the resource manager calls when
 * it is destroyed (uimaFIT's {@code SimplePipeline} does so; whoever creates a resource manager for a CPE
 * or for {@code produceAnalysisEngine} destroys it after the run).
 */
@ResourceMetaData(
        name = "BERT Tagger Resource",
        description = "One BERT NER model (ONNX), shared by every BertNamedEntityRecognizer bound to it.")
public class BertTaggerResource extends Resource_ImplBase implements TaggerParameters {
    @ConfigurationParameter(name = PARAM_MODEL_LOCATION, description = MODEL_LOCATION_DESCRIPTION)
    private String modelLocation;

    @ConfigurationParameter(
            name = PARAM_AGGREGATION,
            description = AGGREGATION_DESCRIPTION,
            defaultValue = TokenDecoding.DEFAULT_AGGREGATION)
    private String aggregation;

    @ConfigurationParameter(
            name = PARAM_STRIDE,
            description = STRIDE_DESCRIPTION,
            defaultValue = "" + TokenDecoding.DEFAULT_STRIDE)
    private int stride;

    @ConfigurationParameter(
            name = PARAM_BATCH_SIZE,
            description = BATCH_SIZE_DESCRIPTION,
            defaultValue = "" + RecognizerConfig.DEFAULT_BATCH_SIZE)
    private int batchSize;

    @ConfigurationParameter(name = PARAM_QUANTIZED, description = QUANTIZED_DESCRIPTION, defaultValue = "false")
    private boolean quantized;

    @ConfigurationParameter(
            name = PARAM_KEEP_SPECIAL_LABELS,
            description = KEEP_SPECIAL_LABELS_DESCRIPTION,
            defaultValue = "false")
    private boolean keepSpecialLabels;

    @ConfigurationParameter(
            name = PARAM_INTRA_OP_THREADS,
            description = INTRA_OP_THREADS_DESCRIPTION,
            defaultValue = "0")
    private int intraOpThreads;

    @ConfigurationParameter(
            name = PARAM_DEVICE,
            description = DEVICE_DESCRIPTION,
            defaultValue = RecognizerConfig.DEFAULT_DEVICE)
    private String device;

    @ConfigurationParameter(
            name = PARAM_MEMORY_ARENA,
            description = MEMORY_ARENA_DESCRIPTION,
            defaultValue = "" + RecognizerConfig.DEFAULT_MEMORY_ARENA)
    private boolean memoryArena;

    @ConfigurationParameter(
            name = PARAM_MEMORY_PATTERN,
            description = MEMORY_PATTERN_DESCRIPTION,
            defaultValue = "false")
    private boolean memoryPattern;

    @ConfigurationParameter(
            name = PARAM_MAX_CONCURRENT_RUNS,
            description = MAX_CONCURRENT_RUNS_DESCRIPTION,
            defaultValue = "" + RecognizerConfig.AUTOMATIC_CONCURRENCY)
    private int maxConcurrentRuns;

    @ConfigurationParameter(name = PARAM_NESTED_SPANS, description = NESTED_SPANS_DESCRIPTION, defaultValue = "false")
    private boolean nestedSpans;

    @ConfigurationParameter(
            name = PARAM_MULTI_LABEL_SPANS,
            description = MULTI_LABEL_SPANS_DESCRIPTION,
            defaultValue = "false")
    private boolean multiLabelSpans;

    private volatile Recognizer tagger;

    @Override
    public boolean initialize(ResourceSpecifier specifier, Map<String, Object> additionalParams)
            throws ResourceInitializationException {
        if (!super.initialize(specifier, additionalParams)) {
            return false;
        }
        tagger = TaggerLoader.load(modelLocation, TaggerLoader.config(this), BertTaggerResource.class.getSimpleName());
        return true;
    }

    /**
     * The shared tagger.
     *
     * @return the tagger, safe for concurrent use
     * @throws IllegalStateException after {@link #destroy()}
     */
    public Recognizer tagger() {
        Recognizer current = tagger;
        if (current == null) {
            throw new IllegalStateException("this BertTaggerResource is destroyed or was never initialized");
        }
        return current;
    }

    /** Closes the tagger; idempotent. */
    @Override
    public synchronized void destroy() {
        Recognizer current = tagger;
        tagger = null;
        if (current != null) {
            TaggerLoader.close(current, BertTaggerResource.class.getSimpleName());
        }
        super.destroy();
    }
}
