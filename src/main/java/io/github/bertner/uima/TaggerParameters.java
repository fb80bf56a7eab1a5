package io.github.bertner.uima;

import io.github.bertner.RecognizerConfig;

/**
 * The model parameters that {@link BertNamedEntityRecognizer} and {@link BertTaggerResource} both take:
 * each name, description and default is declared here once, as DKPro Core declares its common parameter
 * names in {@code ComponentParameters}. uimaFIT still needs a field per component; those fields take their
 * name, description and default from here, and the components read them into a
 * {@link RecognizerConfig} in one place ({@code TaggerLoader}). Defaults are {@link RecognizerConfig}'s.
 */
public interface TaggerParameters {
    /** {@value #MODEL_LOCATION_DESCRIPTION} */
    String PARAM_MODEL_LOCATION = "modelLocation";
    /** The description of {@link #PARAM_MODEL_LOCATION}. */
    String MODEL_LOCATION_DESCRIPTION =
            "The model: a directory (ONNX export, or a token-classification or GLiNER checkpoint, converted "
                    + "once) as a path or file: URI, or a Hugging Face Hub repository hf:ORG/NAME or hf:ORG/NAME@REVISION (fetched into the "
                    + "Hub cache). A relative path is resolved against the working directory.";

    /** {@value #AGGREGATION_DESCRIPTION} */
    String PARAM_AGGREGATION = "aggregation";
    /** The description of {@link #PARAM_AGGREGATION}. */
    String AGGREGATION_DESCRIPTION =
            "How subword predictions become token labels: FIRST (the label of a token's first subword, "
                    + "the default), AVERAGE, MAX, SIMPLE, or NONE (one entity per token, with its full BIO label).";

    /** {@value #STRIDE_DESCRIPTION} */
    String PARAM_STRIDE = "stride";
    /** The description of {@link #PARAM_STRIDE}. */
    String STRIDE_DESCRIPTION =
            "Overlap in subwords between consecutive windows over a sentence longer than the model's window; "
                    + "-1 for the default (128, or less for a model with a small window).";

    /** {@value #BATCH_SIZE_DESCRIPTION} */
    String PARAM_BATCH_SIZE = "batchSize";
    /** The description of {@link #PARAM_BATCH_SIZE}. */
    String BATCH_SIZE_DESCRIPTION = "How many windows (sentences) one ONNX Runtime run takes.";

    /** {@value #QUANTIZED_DESCRIPTION} */
    String PARAM_QUANTIZED = "quantized";
    /** The description of {@link #PARAM_QUANTIZED}. */
    String QUANTIZED_DESCRIPTION =
            "Whether to load model_quantized.onnx (int8) instead of model.onnx; a checkpoint or hf: model "
                    + "without one is quantized once and kept.";

    /** {@value #KEEP_SPECIAL_LABELS_DESCRIPTION} */
    String PARAM_KEEP_SPECIAL_LABELS = "keepSpecialLabels";
    /** The description of {@link #PARAM_KEEP_SPECIAL_LABELS}. */
    String KEEP_SPECIAL_LABELS_DESCRIPTION =
            "Whether labels such as [PAD] or [CLS] become entities, as in the Hugging Face "
                    + "pipeline; by default they count as O (outside any entity).";

    /** {@value #INTRA_OP_THREADS_DESCRIPTION} */
    String PARAM_INTRA_OP_THREADS = "intraOpThreads";
    /** The description of {@link #PARAM_INTRA_OP_THREADS}. */
    String INTRA_OP_THREADS_DESCRIPTION = "Threads ONNX Runtime uses inside one run; 0 for its default (all cores).";

    /** {@value #DEVICE_DESCRIPTION} */
    String PARAM_DEVICE = "device";
    /** The description of {@link #PARAM_DEVICE}. */
    String DEVICE_DESCRIPTION =
            "Where ONNX Runtime runs the model: cpu, cuda or cuda:N (CUDA needs the onnxruntime_gpu artifact "
                    + "instead of onnxruntime).";

    /** {@value #MEMORY_ARENA_DESCRIPTION} */
    String PARAM_MEMORY_ARENA = "memoryArena";
    /** The description of {@link #PARAM_MEMORY_ARENA}. */
    String MEMORY_ARENA_DESCRIPTION =
            "Whether ONNX Runtime keeps freed CPU memory in its arena for reuse (faster; holds the "
                    + "largest working memory the runs needed at once).";

    /** {@value #MEMORY_PATTERN_DESCRIPTION} */
    String PARAM_MEMORY_PATTERN = "memoryPattern";
    /** The description of {@link #PARAM_MEMORY_PATTERN}. */
    String MEMORY_PATTERN_DESCRIPTION = "Whether ONNX Runtime plans memory per input shape and caches the plans.";

    /** {@value #MAX_CONCURRENT_RUNS_DESCRIPTION} */
    String PARAM_MAX_CONCURRENT_RUNS = "maxConcurrentRuns";
    /** The description of {@link #PARAM_MAX_CONCURRENT_RUNS}. */
    String MAX_CONCURRENT_RUNS_DESCRIPTION =
            "How many ONNX Runtime runs of the model may go on at once when several threads "
                    + "(CPE processing units) tag; 0 for automatic: one when intraOpThreads is 0, any number otherwise.";

    /** {@value #NESTED_SPANS_DESCRIPTION} */
    String PARAM_NESTED_SPANS = "nestedSpans";
    /** The description of {@link #PARAM_NESTED_SPANS}. */
    String NESTED_SPANS_DESCRIPTION =
            "For a zero-shot GLiNER model: whether an entity may lie inside another (GLiNER's flat_ner=False); by "
                    + "default entities do not overlap.";

    /** {@value #MULTI_LABEL_SPANS_DESCRIPTION} */
    String PARAM_MULTI_LABEL_SPANS = "multiLabelSpans";
    /** The description of {@link #PARAM_MULTI_LABEL_SPANS}. */
    String MULTI_LABEL_SPANS_DESCRIPTION =
            "For a zero-shot GLiNER model: whether one span may be an entity of several types (GLiNER's "
                    + "multi_label=True).";

    /**
     * The parameter settings that give a component a configuration (external resource parameters are
     * strings), for {@code createResourceDescription} and {@code createEngineDescription}.
     *
     * @param modelLocation the value of {@link #PARAM_MODEL_LOCATION}
     * @param config the configuration
     * @return name, value, name, value, …
     */
    static Object[] settings(String modelLocation, RecognizerConfig config) {
        return new Object[] {
            PARAM_MODEL_LOCATION, modelLocation,
            PARAM_AGGREGATION, config.tokenDecoding().aggregation().name(),
            PARAM_STRIDE, String.valueOf(config.tokenDecoding().stride()),
            PARAM_BATCH_SIZE, String.valueOf(config.batchSize()),
            PARAM_QUANTIZED, String.valueOf(config.quantized()),
            PARAM_KEEP_SPECIAL_LABELS, String.valueOf(config.tokenDecoding().keepSpecialLabels()),
            PARAM_INTRA_OP_THREADS, String.valueOf(config.intraOpThreads()),
            PARAM_DEVICE, config.device().toString(),
            PARAM_MEMORY_ARENA, String.valueOf(config.memoryArena()),
            PARAM_MEMORY_PATTERN, String.valueOf(config.memoryPattern()),
            PARAM_MAX_CONCURRENT_RUNS, String.valueOf(config.maxConcurrentRuns()),
            PARAM_NESTED_SPANS, String.valueOf(config.spanDecoding().nested()),
            PARAM_MULTI_LABEL_SPANS, String.valueOf(config.spanDecoding().multiLabel())
        };
    }
}
