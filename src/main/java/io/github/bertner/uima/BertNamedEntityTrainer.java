package io.github.bertner.uima;

import de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity;
import de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizers;
import io.github.bertner.conll.LabelMap;
import io.github.bertner.train.EntityAlignment;
import io.github.bertner.train.LabeledSentence;
import io.github.bertner.train.Trainer;
import io.github.bertner.train.TrainingFailed;
import io.github.bertner.train.TrainingJob;
import io.github.bertner.train.TrainingListener;
import io.github.bertner.train.TrainingResult;
import io.github.bertner.train.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.uima.UimaContext;
import org.apache.uima.analysis_engine.AnalysisEngineProcessException;
import org.apache.uima.fit.component.JCasConsumer_ImplBase;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.fit.descriptor.OperationalProperties;
import org.apache.uima.fit.descriptor.ResourceMetaData;
import org.apache.uima.fit.descriptor.TypeCapability;
import org.apache.uima.fit.util.JCasUtil;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes a BERT-family token classifier on the named entities of a collection, as DKPro Core's trainer
 * components train their recognizers' models: a CAS consumer that collects each CAS's {@code Sentence}s, their
 * {@code Token}s and the {@code NamedEntity} annotations on them (the {@code value} is the label learnt), and at the
 * end of the collection trains as {@code bert-ner train} does (transformers' Trainer, in Java) and writes the model
 * to {@link #PARAM_TARGET_LOCATION}. {@link BertNamedEntityRecognizer} with that directory as its
 * {@code modelLocation} then tags with it.
 *
 * <p>An entity that begins or ends inside a token takes the whole token; one on no token, across sentences or on a
 * token of another entity is left out; both are counted in the log. The same sentences and settings give the same
 * weights as {@code bert-ner train} on them in CoNLL form. One instance sees the whole collection (it is not
 * replicated across a CPE's processing units).
 */
@ResourceMetaData(
        name = "BERT Named Entity Trainer",
        description = "Fine-tunes a BERT-family token classifier on the NamedEntity annotations (value: the label) over"
                + " the Sentence and Token annotations of a collection, and writes it to targetLocation at the end.")
@TypeCapability(
        inputs = {
            "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
            "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
            "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
        })
@OperationalProperties(multipleDeploymentAllowed = false)
public class BertNamedEntityTrainer extends JCasConsumer_ImplBase implements TrainerParameters {
    private static final Logger LOG = LoggerFactory.getLogger(BertNamedEntityTrainer.class);

    @ConfigurationParameter(name = PARAM_BASE_MODEL_LOCATION, description = BASE_MODEL_LOCATION_DESCRIPTION)
    private String baseModelLocation;

    @ConfigurationParameter(name = PARAM_TARGET_LOCATION, description = TARGET_LOCATION_DESCRIPTION)
    private String targetLocation;

    @ConfigurationParameter(name = PARAM_OVERWRITE, description = OVERWRITE_DESCRIPTION, defaultValue = "false")
    private boolean overwrite;

    @ConfigurationParameter(name = PARAM_EPOCHS, description = EPOCHS_DESCRIPTION, defaultValue = EPOCHS_DEFAULT)
    private int epochs;

    @ConfigurationParameter(
            name = PARAM_BATCH_SIZE,
            description = BATCH_SIZE_DESCRIPTION,
            defaultValue = BATCH_SIZE_DEFAULT)
    private int batchSize;

    @ConfigurationParameter(
            name = PARAM_LEARNING_RATE,
            description = LEARNING_RATE_DESCRIPTION,
            defaultValue = LEARNING_RATE_DEFAULT)
    private float learningRate;

    @ConfigurationParameter(name = PARAM_SEED, description = SEED_DESCRIPTION, defaultValue = SEED_DEFAULT)
    private long seed;

    @ConfigurationParameter(name = PARAM_SHUFFLE, description = SHUFFLE_DESCRIPTION, defaultValue = "true")
    private boolean shuffle;

    @ConfigurationParameter(name = PARAM_DROPOUT, mandatory = false, description = DROPOUT_DESCRIPTION)
    private Float dropout;

    @ConfigurationParameter(name = PARAM_LABEL_MAP, mandatory = false, description = LABEL_MAP_DESCRIPTION)
    private String[] labelMap;

    @ConfigurationParameter(
            name = PARAM_DEV_FRACTION,
            description = DEV_FRACTION_DESCRIPTION,
            defaultValue = DEV_FRACTION_DEFAULT)
    private float devFraction;

    private TrainingSettings settings;
    private LabelMap map;
    private final List<LabeledSentence> sentences = new ArrayList<>();
    private int documents;
    private int aligned;
    private int skipped;

    @Override
    public void initialize(UimaContext context) throws ResourceInitializationException {
        super.initialize(context);
        try {
            TrainingSettings.Builder builder = TrainingSettings.builder()
                    .epochs(epochs)
                    .batchSize(batchSize)
                    .learningRate(decimal(learningRate))
                    .seed(seed)
                    .shuffle(shuffle);
            if (dropout != null) {
                builder.dropout(decimal(dropout));
            }
            settings = builder.build();
        } catch (TrainingSettings.InvalidSetting e) {
            throw UimaErrors.initialization(
                    name() + ": parameter " + camelCase(e.setting()) + ": " + e.getMessage(), e);
        }
        if (!(devFraction >= 0 && devFraction < 1)) {
            throw UimaErrors.initialization(name() + ": parameter " + PARAM_DEV_FRACTION
                    + " must be at least 0 and below 1, was " + devFraction);
        }
        try {
            map = LabelMap.parse(labelMap == null ? List.of() : Arrays.asList(labelMap));
            TrainingJob.checkOutput(Path.of(targetLocation), overwrite);
        } catch (IllegalArgumentException | IOException e) {
            throw UimaErrors.initialization(name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The decimal number a float parameter was written as ({@code 1e-3} is 0.001, not the float nearest it): UIMA's CPE
     * descriptors set float parameters, not double ones, and the settings are the command line's to the last digit.
     */
    private static double decimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /** The parameter a setting is, by the command line's name of it ({@code batch-size} is {@code batchSize}). */
    private static String camelCase(String setting) {
        StringBuilder name = new StringBuilder();
        for (String part : setting.split("-")) {
            name.append(name.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return name.toString();
    }

    @Override
    public synchronized void process(JCas jcas) throws AnalysisEngineProcessException {
        documents++;
        List<List<Token>> groups = TokenGroups.of(jcas);
        List<EntityAlignment.TokenOffsets> offsets = new ArrayList<>(groups.size());
        for (List<Token> group : groups) {
            offsets.add(new EntityAlignment.TokenOffsets(
                    group.stream().mapToInt(Token::getBegin).toArray(),
                    group.stream().mapToInt(Token::getEnd).toArray()));
        }
        List<EntityAlignment.Entity> entities = new ArrayList<>();
        for (NamedEntity entity : JCasUtil.select(jcas, NamedEntity.class)) {
            String type = entity.getValue();
            if (type == null || type.isBlank()) {
                skipped++;
            } else {
                entities.add(new EntityAlignment.Entity(entity.getBegin(), entity.getEnd(), type));
            }
        }
        EntityAlignment.Aligned onTokens = EntityAlignment.align(offsets, entities);
        aligned += onTokens.aligned();
        skipped += onTokens.skipped();
        String source = "document " + documents;
        try {
            for (int g = 0; g < groups.size(); g++) {
                LabeledSentence sentence = LabeledSentence.ofEntities(
                        TokenGroups.texts(groups.get(g)), onTokens.spans().get(g), source, 0);
                sentences.add(new LabeledSentence(
                        sentence.words(), map.apply(sentence.labels()), source + ", sentence " + (g + 1), 0));
            }
        } catch (IllegalArgumentException e) {
            throw UimaErrors.processing(name() + ": " + e.getMessage(), e);
        }
    }

    /** Trains on what the collection held, and writes the model. */
    @Override
    public synchronized void collectionProcessComplete() throws AnalysisEngineProcessException {
        super.collectionProcessComplete();
        if (aligned > 0 || skipped > 0) {
            LOG.info(
                    "{}: {} entities widened to the tokens they overlap; {} left out (no label, no token, across"
                            + " sentences or overlapping another)",
                    name(),
                    aligned,
                    skipped);
        }
        boolean[] held = heldOut();
        List<LabeledSentence> train = new ArrayList<>();
        List<LabeledSentence> dev = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            (held[i] ? dev : train).add(sentences.get(i));
        }
        try {
            Path checkpoint = Recognizers.checkpoint(ModelLocation.parse(baseModelLocation));
            TrainingJob job =
                    new TrainingJob(checkpoint, train, dev, Path.of(targetLocation), settings, false, overwrite);
            TrainingResult result = Trainer.run(job, TrainingListener.logging(LOG, name() + ": "));
            LOG.info(
                    "{}: trained {} epochs ({} steps) on {} sentences of {} documents; wrote {}",
                    name(),
                    result.epochs(),
                    result.steps(),
                    train.size(),
                    documents,
                    result.output());
        } catch (IOException | TrainingFailed | IllegalArgumentException e) {
            throw UimaErrors.processing(name() + " could not train: " + e.getMessage(), e);
        }
    }

    /** Which sentences are held out for dev, drawn with the seed; none where the dev fraction is 0. */
    private boolean[] heldOut() {
        boolean[] held = new boolean[sentences.size()];
        int count = (int) Math.round(sentences.size() * devFraction);
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            indexes.add(i);
        }
        Collections.shuffle(indexes, new Random(seed));
        indexes.subList(0, count).forEach(i -> held[i] = true);
        return held;
    }

    private static String name() {
        return BertNamedEntityTrainer.class.getSimpleName();
    }
}
