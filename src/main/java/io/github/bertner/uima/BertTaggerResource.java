package io.github.bertner.uima;

import io.github.bertner.Aggregation;
import io.github.bertner.Tagger;
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
public class BertTaggerResource extends Resource_ImplBase {
    /**
     * The model: a directory (ONNX export, or a BertForTokenClassification checkpoint, converted once) as a
     * path or file: URI, or a Hugging Face Hub repository hf:ORG/NAME or hf:ORG/NAME@REVISION (fetched
     * into the Hub cache). A relative path is resolved against the working directory.
     */
    public static final String PARAM_MODEL_LOCATION = BertNamedEntityRecognizer.PARAM_MODEL_LOCATION;

    @ConfigurationParameter(name = PARAM_MODEL_LOCATION)
    private String modelLocation;

    /**
     * How subword predictions become token labels: FIRST (the label of a token's first subword, the
     * default), AVERAGE, MAX, SIMPLE, or NONE (one entity per token, with its full BIO label).
     */
    public static final String PARAM_AGGREGATION = BertNamedEntityRecognizer.PARAM_AGGREGATION;

    @ConfigurationParameter(name = PARAM_AGGREGATION, defaultValue = "FIRST")
    private Aggregation aggregation;

    /**
     * Overlap in subwords between consecutive windows over a sentence longer than the model's window; -1
     * for the default (128, or less for a model with a small window).
     */
    public static final String PARAM_STRIDE = BertNamedEntityRecognizer.PARAM_STRIDE;

    @ConfigurationParameter(name = PARAM_STRIDE, defaultValue = "-1")
    private int stride;

    /** How many windows (sentences) one ONNX Runtime run takes. */
    public static final String PARAM_BATCH_SIZE = BertNamedEntityRecognizer.PARAM_BATCH_SIZE;

    @ConfigurationParameter(name = PARAM_BATCH_SIZE, defaultValue = "32")
    private int batchSize;

    /** Whether to load model_quantized.onnx (int8) instead of model.onnx. */
    public static final String PARAM_QUANTIZED = BertNamedEntityRecognizer.PARAM_QUANTIZED;

    @ConfigurationParameter(name = PARAM_QUANTIZED, defaultValue = "false")
    private boolean quantized;

    /**
     * Whether labels such as [PAD] or [CLS] become entities, as in the Hugging Face pipeline; by default
     * they count as O (outside any entity).
     */
    public static final String PARAM_KEEP_SPECIAL_LABELS = BertNamedEntityRecognizer.PARAM_KEEP_SPECIAL_LABELS;

    @ConfigurationParameter(name = PARAM_KEEP_SPECIAL_LABELS, defaultValue = "false")
    private boolean keepSpecialLabels;

    /** Threads ONNX Runtime uses inside one run; 0 for its default (all cores). */
    public static final String PARAM_INTRA_OP_THREADS = BertNamedEntityRecognizer.PARAM_INTRA_OP_THREADS;

    @ConfigurationParameter(name = PARAM_INTRA_OP_THREADS, defaultValue = "0")
    private int intraOpThreads;

    private volatile Tagger tagger;

    @Override
    public boolean initialize(ResourceSpecifier specifier, Map<String, Object> additionalParams)
            throws ResourceInitializationException {
        if (!super.initialize(specifier, additionalParams)) {
            return false;
        }
        tagger = TaggerLoader.load(modelLocation,
                TaggerLoader.config(aggregation, stride, batchSize, quantized, keepSpecialLabels, intraOpThreads),
                BertTaggerResource.class.getSimpleName());
        return true;
    }

    /**
     * The shared tagger.
     *
     * @return the tagger, safe for concurrent use
     * @throws IllegalStateException after {@link #destroy()}
     */
    public Tagger tagger() {
        Tagger current = tagger;
        if (current == null) {
            throw new IllegalStateException("this BertTaggerResource is destroyed or was never initialized");
        }
        return current;
    }

    /** Closes the tagger; idempotent. */
    @Override
    public synchronized void destroy() {
        Tagger current = tagger;
        tagger = null;
        if (current != null) {
            TaggerLoader.close(current, BertTaggerResource.class.getSimpleName());
        }
        super.destroy();
    }
}
