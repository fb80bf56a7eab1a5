package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TokenDecoding;
import io.github.bertner.TokenSpan;
import java.util.ArrayList;
import java.util.List;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.cas.CAS;
import org.apache.uima.fit.component.JCasAnnotator_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.ExternalResource;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds named entities with a BERT token-classification model (ONNX), or with a zero-shot GLiNER span model and the
 * entity types named in {@link #PARAM_ENTITY_TYPES}, in the {@code Sentence} and {@code Token} annotations of DKPro
 * Core, and adds them as DKPro Core {@code NamedEntity} annotations.
 *
 * <p>Each entity spans whole tokens: it begins where its first token begins and ends where its last token
 * ends (UTF-16 character offsets into the document text, as every UIMA annotation). Its {@code value} is the
 * model's label without BIO prefix (for example {@code PER}), or for a zero-shot model the entity type as named
 * (for example {@code person}); its type is {@code NamedEntity}, or the type a label mapping names
 * ({@code person=de.tudarmstadt.ukp.dkpro.core.api.ner.type.Person}). The model sees each token's covered text, aligned by index, never re-tokenized.
 *
 * <p>All sentences of a CAS go to the model in one batched call; a sentence longer than the model's window
 * is split into overlapping windows, never truncated. Tokens in no sentence are tagged as one sentence per
 * run of such tokens, so a CAS with tokens but no sentences is tagged as one long sentence. A CAS without
 * tokens fails: a tokenizer must run first.
 *
 * <p>The model comes from a {@link BertTaggerResource} bound to {@link #KEY_TAGGER}, shared by every engine
 * bound to it; without one, the engine loads its own from {@link #PARAM_MODEL_LOCATION} and closes it in
 * {@link #destroy()}. Without a model location either, it picks the model of each CAS's document language
 * (or of {@link #PARAM_LANGUAGE}) from the language → model map at {@link #PARAM_MODEL_MAP_LOCATION}, as
 * DKPro Core's components do, loading it when the first CAS of that language arrives.
 */
@ResourceMetaData(
        name = "BERT Named Entity Recognizer",
        description = "Finds named entities with a BERT token-classification model (ONNX), or with a zero-shot GLiNER "
                + "model and the entity types named in entityTypes, over the DKPro Core Token annotations of each Sentence, and adds DKPro Core NamedEntity annotations that span whole tokens "
                + "(UTF-16 character offsets), with the label in value and optionally the score in a feature.")
@TypeCapability(
        inputs = {
            "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
            "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
        },
        outputs = {
            "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity",
            "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity:value"
        })
public class BertNamedEntityRecognizer extends JCasAnnotator_ImplBase implements TaggerParameters {
    private static final Logger LOG = LoggerFactory.getLogger(BertNamedEntityRecognizer.class);

    @ConfigurationParameter(
            name = PARAM_MODEL_LOCATION,
            mandatory = false,
            description = MODEL_LOCATION_DESCRIPTION
                    + " Without it, and without a BertTaggerResource bound to the key \"tagger\", the model is chosen by language"
                    + " from the map at modelMapLocation.")
    private String modelLocation;

    /** {@value #LANGUAGE_DESCRIPTION} */
    public static final String PARAM_LANGUAGE = "language";
    /** The description of {@link #PARAM_LANGUAGE}. */
    public static final String LANGUAGE_DESCRIPTION =
            "The language whose model to use when no modelLocation is set, instead of each CAS's document "
                    + "language (a language tag such as da).";

    @ConfigurationParameter(name = PARAM_LANGUAGE, mandatory = false, description = LANGUAGE_DESCRIPTION)
    private String language;

    /** {@value #MODEL_MAP_LOCATION_DESCRIPTION} */
    public static final String PARAM_MODEL_MAP_LOCATION = "modelMapLocation";
    /** The description of {@link #PARAM_MODEL_MAP_LOCATION}. */
    public static final String MODEL_MAP_LOCATION_DESCRIPTION =
            "The language to model map used when no modelLocation is set: LANGUAGE=LOCATION lines, as a file "
                    + "path or \"classpath:\" resource. The default maps da to hf:Maltehb/danish-bert-botxo-ner-dane.";

    @ConfigurationParameter(
            name = PARAM_MODEL_MAP_LOCATION,
            defaultValue = LanguageModels.DEFAULT_MAP,
            description = MODEL_MAP_LOCATION_DESCRIPTION)
    private String modelMapLocation;

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

    /** {@value #ENTITY_TYPES_DESCRIPTION} */
    public static final String PARAM_ENTITY_TYPES = "entityTypes";
    /** The description of {@link #PARAM_ENTITY_TYPES}. */
    public static final String ENTITY_TYPES_DESCRIPTION =
            "The entity types to find. A zero-shot GLiNER model needs them and finds any type named here (person, "
                    + "organization, medication; each may end in =THRESHOLD, as person=0.6); a token classifier finds "
                    + "all its own types without them, or only those of them named here.";

    @ConfigurationParameter(name = PARAM_ENTITY_TYPES, mandatory = false, description = ENTITY_TYPES_DESCRIPTION)
    private String[] entityTypes;

    /** {@value #THRESHOLD_DESCRIPTION} */
    public static final String PARAM_THRESHOLD = "threshold";
    /** The description of {@link #PARAM_THRESHOLD}. */
    public static final String THRESHOLD_DESCRIPTION =
            "The score an entity must pass, in [0, 1], for types without their own; a zero-shot model's default is "
                    + "0.5 (GLiNER's), a token classifier keeps every entity without it.";

    @ConfigurationParameter(name = PARAM_THRESHOLD, mandatory = false, description = THRESHOLD_DESCRIPTION)
    private Float threshold;

    /** {@value #MAPPING_LOCATION_DESCRIPTION} */
    public static final String PARAM_MAPPING_LOCATION = "mappingLocation";
    /** The description of {@link #PARAM_MAPPING_LOCATION}. */
    public static final String MAPPING_LOCATION_DESCRIPTION =
            "A label to UIMA type mapping in DKPro Core's .map format (LABEL=type lines and a mandatory "
                    + "*=type line), as a file path or \"classpath:\" resource; for example "
                    + "classpath:io/github/bertner/uima/dane-ner.map for the DKPro Person, Location and Organization "
                    + "types. Without it every entity is a NamedEntity.";

    @ConfigurationParameter(
            name = PARAM_MAPPING_LOCATION,
            mandatory = false,
            description = MAPPING_LOCATION_DESCRIPTION)
    private String mappingLocation;

    /** {@value #SCORE_FEATURE_DESCRIPTION} */
    public static final String PARAM_SCORE_FEATURE = "scoreFeature";
    /** The description of {@link #PARAM_SCORE_FEATURE}. */
    public static final String SCORE_FEATURE_DESCRIPTION =
            "The base name of a feature of range uima.cas.Double or uima.cas.Float on the created entity "
                    + "types, where each entity's probability (in [0, 1]) is written; for example \"score\" with the "
                    + "type system io.github.bertner.uima.NamedEntityScore. Without it no score is kept.";

    @ConfigurationParameter(name = PARAM_SCORE_FEATURE, mandatory = false, description = SCORE_FEATURE_DESCRIPTION)
    private String scoreFeature;

    /** {@value #TAGGER_DESCRIPTION} */
    public static final String KEY_TAGGER = "tagger";
    /** The description of {@link #KEY_TAGGER}. */
    public static final String TAGGER_DESCRIPTION =
            "A BertTaggerResource that holds the model for every engine bound to it; optional. When bound, "
                    + "the model parameters of this engine are not used.";

    @ExternalResource(key = KEY_TAGGER, mandatory = false, description = TAGGER_DESCRIPTION)
    private BertTaggerResource taggerResource;

    private Recognizer tagger;
    private boolean ownsTagger;
    private EntityTypes types;
    private LanguageModels languageModels;
    private LabelTypeMapping mapping;
    private EntityWriter writer;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        mapping = mappingLocation == null ? LabelTypeMapping.allNamedEntity() : LabelTypeMapping.load(mappingLocation);
        mapping.checkTypesKnown(getClass().getClassLoader());
        types = entityTypes();
        if (taggerResource != null) {
            useSharedTagger();
        } else if (modelLocation == null) {
            languageModels = LanguageModels.load(modelMapLocation, TaggerLoader.config(this), name());
        } else {
            tagger = TaggerLoader.load(modelLocation, TaggerLoader.config(this), name());
            ownsTagger = true;
        }
        if (tagger != null) {
            checkTypes(tagger);
        }
    }

    /** The entity types of the parameters. */
    private EntityTypes entityTypes() throws ResourceInitializationException {
        try {
            EntityTypes named = entityTypes == null || entityTypes.length == 0
                    ? EntityTypes.model()
                    : EntityTypes.parse(String.join(",", entityTypes));
            return threshold == null ? named : named.withThreshold(threshold);
        } catch (IllegalArgumentException e) {
            throw UimaErrors.initialization(
                    name() + ": parameter " + PARAM_ENTITY_TYPES + " or " + PARAM_THRESHOLD + ": " + e.getMessage(), e);
        }
    }

    /** Checks that the model can find the types, before any sentence is tagged. */
    private void checkTypes(Recognizer model) throws ResourceInitializationException {
        try {
            model.check(types);
        } catch (IllegalArgumentException e) {
            throw UimaErrors.initialization(
                    name() + ": parameter " + PARAM_ENTITY_TYPES + " does not suit the model in "
                            + model.info().directory() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void process(JCas jcas) throws AnalysisEngineProcessException {
        List<List<Token>> groups = TokenGroups.of(jcas);
        Recognizer current = tagger != null
                ? tagger
                : languageModels.taggerFor(language != null ? language : jcas.getDocumentLanguage());
        List<List<TokenSpan>> spans = tag(current, groups);
        EntityWriter entities = writerFor(jcas.getCas());
        for (int g = 0; g < groups.size(); g++) {
            for (TokenSpan span : spans.get(g)) {
                entities.write(jcas.getCas(), groups.get(g), span);
            }
        }
    }

    /** Closes the model if this engine loaded it; a shared model is closed by its resource. */
    @Override
    public void destroy() {
        if (ownsTagger && tagger != null) {
            TaggerLoader.close(tagger, name());
        }
        if (languageModels != null) {
            languageModels.close();
        }
        tagger = null;
        super.destroy();
    }

    private void useSharedTagger() {
        tagger = taggerResource.tagger();
        if (modelLocation != null) {
            LOG.info(
                    "{}: parameter {} ({}) is not used; the bound {} provides the model in {}",
                    name(),
                    PARAM_MODEL_LOCATION,
                    modelLocation,
                    BertTaggerResource.class.getSimpleName(),
                    tagger.info().directory());
        }
    }

    private List<List<TokenSpan>> tag(Recognizer model, List<List<Token>> groups)
            throws AnalysisEngineProcessException {
        List<String[]> sentences = new ArrayList<>(groups.size());
        for (List<Token> group : groups) {
            sentences.add(TokenGroups.texts(group));
        }
        try {
            return model.tagTokens(sentences, types);
        } catch (RuntimeException e) {
            throw UimaErrors.processing(name() + " could not tag the CAS: " + e.getMessage(), e);
        }
    }

    private EntityWriter writerFor(CAS cas) throws AnalysisEngineProcessException {
        if (writer == null || !writer.fits(cas.getTypeSystem())) {
            writer = EntityWriter.create(cas.getTypeSystem(), mapping, scoreFeature);
        }
        return writer;
    }

    private static String name() {
        return BertNamedEntityRecognizer.class.getSimpleName();
    }
}
