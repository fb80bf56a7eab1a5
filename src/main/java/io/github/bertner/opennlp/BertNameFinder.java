package io.github.bertner.opennlp;

import io.github.bertner.Aggregation;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.TokenSpan;
import io.github.bertner.internal.Arguments;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.namefind.TokenNameFinder;
import opennlp.tools.util.ObjectStream;
import opennlp.tools.util.Span;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenNLP {@link TokenNameFinder} backed by a framework-free {@link Recognizer}: a BERT-family token-classification
 * model (ONNX), or a zero-shot GLiNER span model that finds the {@link EntityTypes} named when the finder is made.
 *
 * <p>{@link #find(String[])} honours the interface's contract: the returned {@link Span}s are over
 * <b>token indices</b> of the given array ({@code start} inclusive, {@code end} exclusive), never character
 * offsets. {@link Span#getType()} is the entity type without BIO prefix (for example {@code PER}, as the
 * model's {@code config.json} names it) and {@link Span#getProb()} the entity score in [0, 1] (the mean of
 * its tokens' probabilities; for a span model, GLiNER's span score). Spans are sorted and, unless a span model is
 * configured for nested or multi-label decoding, never overlap. Tokens are aligned to the model's word
 * pieces by index, so a token the model's tokenizer drops (empty, whitespace-only, control or zero-width
 * characters) is outside every entity and does not shift the spans after it. {@link #findAll(List)} tags
 * many sentences in batched ONNX Runtime runs.
 *
 * <p>Thread-safe: one instance may be used by any number of threads at once; it holds no state besides
 * the immutable, thread-safe recognizer. Several finders may share one {@link Recognizer}
 * ({@link #sharing(Recognizer)}, {@link #sharing(Recognizer, EntityTypes)}), so one model in memory serves them
 * all, each with its own entity types.
 *
 * <p>Ownership: a finder made by one of the {@code load} methods owns its recognizer and closes it in
 * {@link #close()}; a finder made by {@code sharing} never closes it, which stays the caller's to close.
 * {@code close()} is idempotent; no call may follow it.
 */
public final class BertNameFinder implements TokenNameFinder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BertNameFinder.class);

    private final Recognizer recognizer;
    private final EntityTypes types;
    private final boolean ownsRecognizer;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BertNameFinder(Recognizer recognizer, EntityTypes types, boolean ownsRecognizer) {
        this.recognizer = recognizer;
        this.types = types;
        this.ownsRecognizer = ownsRecognizer;
    }

    /**
     * Loads a model directory with the default configuration ({@link Aggregation#FIRST}).
     *
     * @param modelDirectory a directory in the Hugging Face ONNX export layout ({@code model.onnx},
     *     {@code config.json}, {@code tokenizer.json})
     * @return a finder that owns its tagger and closes it in {@link #close()}
     * @throws ModelLoadException naming the missing or invalid file
     */
    public static BertNameFinder load(Path modelDirectory) throws ModelLoadException {
        return load(modelDirectory, RecognizerConfig.defaults());
    }

    /**
     * Loads a model directory.
     *
     * @param modelDirectory a directory in the Hugging Face ONNX export layout
     * @param config how to load and decode; its aggregation must group entities (not
     *     {@link Aggregation#NONE})
     * @return a finder that owns its tagger and closes it in {@link #close()}
     * @throws ModelLoadException naming the missing or invalid file
     * @throws IllegalArgumentException if the configuration's aggregation is {@link Aggregation#NONE}
     */
    public static BertNameFinder load(Path modelDirectory, RecognizerConfig config) throws ModelLoadException {
        if (modelDirectory == null) {
            throw new IllegalArgumentException("modelDirectory is null");
        }
        return load(ModelLocation.directory(modelDirectory), config);
    }

    /**
     * Loads a model from a directory or a Hugging Face Hub repository ({@code hf:ORG/NAME}), fetched and
     * converted first where needed (see {@link ModelLocation}).
     *
     * @param location where the model is, for example {@code ModelLocation.parse("hf:Maltehb/danish-bert-botxo-ner-dane")}
     * @param config how to load and decode; its aggregation must group entities (not
     *     {@link Aggregation#NONE})
     * @return a finder that owns its tagger and closes it in {@link #close()}
     * @throws ModelLoadException naming the file, repository or endpoint at fault
     * @throws IllegalArgumentException if the configuration's aggregation is {@link Aggregation#NONE}, or the
     *     model is a zero-shot model (which needs {@link #load(ModelLocation, RecognizerConfig, EntityTypes)})
     */
    public static BertNameFinder load(ModelLocation location, RecognizerConfig config) throws ModelLoadException {
        return load(location, config, EntityTypes.model());
    }

    /**
     * Loads a model of either kind, to find the given entity types: any types for a zero-shot GLiNER model
     * ({@code EntityTypes.of("person", "organization")}), some or all of its own for a token classifier.
     *
     * @param location where the model is
     * @param config how to load and decode
     * @param types the entity types to find
     * @return a finder that owns its recognizer and closes it in {@link #close()}
     * @throws ModelLoadException naming the file, repository or endpoint at fault
     * @throws IllegalArgumentException if the types do not suit the model, or the aggregation is
     *     {@link Aggregation#NONE}
     */
    public static BertNameFinder load(ModelLocation location, RecognizerConfig config, EntityTypes types)
            throws ModelLoadException {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        requireEntities(config.tokenDecoding().aggregation());
        Recognizer recognizer = Recognizers.load(location, config);
        try {
            checkTypes(recognizer, types);
        } catch (RuntimeException e) {
            recognizer.close();
            throw e;
        }
        LOG.debug(
                "Loaded {} for name finding ({}, {})",
                location,
                config.tokenDecoding().aggregation(),
                types);
        return new BertNameFinder(recognizer, types, true);
    }

    /**
     * Fine-tunes a token classifier on name samples, as {@code NameFinderME.train} trains OpenNLP's own models, and
     * loads the trained model. The update is {@code bert-ner train}'s (transformers' Trainer, in Java): the same
     * samples and settings give the same weights as {@code bert-ner train} on the same sentences in CoNLL form.
     *
     * <p>Each sample's names are spans over its token indices; their types are the labels learnt (a name without a
     * type is of OpenNLP's type {@code default}), each token labelled {@code B-TYPE}, {@code I-TYPE} or {@code O}.
     * Where those types are all among the model's, its classifier is fine-tuned; otherwise a new one is trained for
     * them (or the model's is extended, with {@link TrainingSettings#extendClassifier()}). Notes and each epoch's dev
     * scores go to this class's log.
     *
     * @param samples the training sentences, read to their end (not closed)
     * @param base the base model's checkpoint: a directory with {@code config.json}, the weights and the tokenizer,
     *     or {@code hf:ORG/NAME} (the demo model {@link ModelLocation#DEMO} too; ONNX exports and GLiNER models do not train)
     * @param settings how to train ({@link TrainingSettings#DEFAULTS} are transformers' defaults)
     * @param output where the trained model is written, as a Hugging Face checkpoint; must not exist, or be empty
     * @return a finder over the trained model, with the default configuration; it owns its recognizer
     * @throws IllegalArgumentException naming the sample at fault (overlapping names), or a setting
     * @throws ModelLoadException naming the base model's file, tensor or repository at fault
     * @throws IOException if the samples cannot be read or the model cannot be written
     * @throws TrainingFailed when the loss stops being a number (a learning rate too high)
     */
    public static BertNameFinder train(
            ObjectStream<NameSample> samples, ModelLocation base, TrainingSettings settings, Path output)
            throws IOException, TrainingFailed {
        Arguments.require(samples, "samples");
        Arguments.require(base, "base");
        Arguments.require(settings, "settings");
        Arguments.require(output, "output");
        TrainingJob.checkOutput(output, false);
        List<LabeledSentence> sentences = new ArrayList<>();
        for (NameSample sample = samples.read(); sample != null; sample = samples.read()) {
            sentences.add(labeled(sample, "name sample " + (sentences.size() + 1)));
        }
        TrainingJob job =
                new TrainingJob(Recognizers.checkpoint(base), sentences, List.of(), output, settings, false, false);
        TrainingResult result = Trainer.run(job, TrainingListener.logging(LOG, ""));
        LOG.info(
                "Trained {} epochs ({} steps) on {} samples; wrote {}",
                result.epochs(),
                result.steps(),
                sentences.size(),
                output);
        return load(output);
    }

    /** A sample's tokens with each labelled by the name that covers it. */
    private static LabeledSentence labeled(NameSample sample, String source) {
        List<TokenSpan> names = new ArrayList<>();
        for (Span name : sample.getNames()) {
            String type = name.getType() == null ? NameSample.DEFAULT_TYPE : name.getType();
            names.add(new TokenSpan(name.getStart(), name.getEnd(), type, 1));
        }
        return LabeledSentence.ofEntities(sample.getSentence(), names, source, 0);
    }

    /**
     * A finder of a token classifier's own types over a recognizer the caller already has; the model is not loaded
     * again, and {@link #close()} leaves the recognizer open.
     *
     * @param recognizer the shared recognizer; the caller closes it after the last finder is done with it
     * @return a finder that does not own the recognizer
     * @throws IllegalArgumentException if {@code recognizer} is null or closed, its aggregation is
     *     {@link Aggregation#NONE}, or it is a zero-shot model (which needs types)
     */
    public static BertNameFinder sharing(Recognizer recognizer) {
        return sharing(recognizer, EntityTypes.model());
    }

    /**
     * A finder of the given types over a recognizer the caller already has; the model is not loaded again, and
     * {@link #close()} leaves the recognizer open.
     *
     * @param recognizer the shared recognizer; the caller closes it after the last finder is done with it
     * @param types the entity types to find
     * @return a finder that does not own the recognizer
     * @throws IllegalArgumentException if {@code recognizer} is null or closed, its aggregation is
     *     {@link Aggregation#NONE}, or the types do not suit the model
     */
    public static BertNameFinder sharing(Recognizer recognizer, EntityTypes types) {
        if (recognizer == null) {
            throw new IllegalArgumentException("tagger is null");
        }
        if (recognizer.isClosed()) {
            throw new IllegalArgumentException("tagger is closed: share a tagger that is open");
        }
        requireEntities(recognizer.config().tokenDecoding().aggregation());
        checkTypes(recognizer, types);
        return new BertNameFinder(recognizer, types, false);
    }

    /** Checks the types against the model before any sentence is tagged. */
    private static void checkTypes(Recognizer recognizer, EntityTypes types) {
        if (types == null) {
            throw new IllegalArgumentException("types is null: pass EntityTypes.model() for a model's own types");
        }
        recognizer.check(types);
    }

    /**
     * The recognizer this finder runs, for raw-text tagging or for more finders over the same model.
     *
     * @return the recognizer (owned by this finder if it was loaded by it)
     */
    public Recognizer recognizer() {
        return recognizer;
    }

    /**
     * The entity types this finder finds.
     *
     * @return the types, or {@link EntityTypes#model()} for a token classifier's own
     */
    public EntityTypes entityTypes() {
        return types;
    }

    /**
     * Finds the named entities of one sentence.
     *
     * @param tokens the sentence's tokens; not modified; empty or whitespace-only tokens are allowed and
     *     are never part of an entity
     * @return the entities as spans over token indices ({@code start} inclusive, {@code end} exclusive),
     *     with the entity type and score; sorted, not overlapping; empty if there are none
     * @throws IllegalArgumentException if {@code tokens} or one of its elements is null (naming it)
     * @throws IllegalStateException if this finder or its tagger is closed
     */
    @Override
    public Span[] find(String[] tokens) {
        checkOpen();
        if (tokens == null) {
            throw new IllegalArgumentException("tokens is null");
        }
        return toSpans(recognizer.tagTokens(tokens, types));
    }

    /**
     * Finds the named entities of many sentences at once, in batched model runs (the natural call for a
     * document); gives the same spans as {@link #find(String[])} on each sentence (scores may differ in the
     * last digits, within 1e-5, because of padding in the batch).
     *
     * @param sentences the sentences, each as its tokens; not modified
     * @return for each sentence, in order, its entities as spans over token indices of that sentence
     * @throws IllegalArgumentException if {@code sentences}, a sentence or a token is null (naming it)
     * @throws IllegalStateException if this finder or its tagger is closed
     */
    public List<Span[]> findAll(List<String[]> sentences) {
        checkOpen();
        if (sentences == null) {
            throw new IllegalArgumentException("sentences is null");
        }
        List<List<TokenSpan>> tagged = recognizer.tagTokens(sentences, types);
        List<Span[]> results = new ArrayList<>(tagged.size());
        for (List<TokenSpan> spans : tagged) {
            results.add(toSpans(spans));
        }
        return results;
    }

    /**
     * Does nothing: the model keeps no data between sentences or documents, so there is nothing to clear.
     * Present because {@link TokenNameFinder} requires it (OpenNLP's evaluators call it at document
     * boundaries).
     */
    @Override
    public void clearAdaptiveData() {
        // Stateless: every call to find depends only on its own tokens.
    }

    /** Closes the recognizer if this finder owns it; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsRecognizer) {
            recognizer.close();
        }
    }

    private static Span[] toSpans(List<TokenSpan> spans) {
        Span[] result = new Span[spans.size()];
        for (int i = 0; i < result.length; i++) {
            TokenSpan span = spans.get(i);
            result[i] = new Span(span.start(), span.end(), span.label(), span.score());
        }
        return result;
    }

    private static void requireEntities(Aggregation aggregation) {
        if (aggregation == Aggregation.NONE) {
            throw new IllegalArgumentException(
                    "aggregation NONE yields one labelled token at a time, not entities; use FIRST, AVERAGE, MAX or SIMPLE");
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this BertNameFinder is closed");
        }
    }
}
