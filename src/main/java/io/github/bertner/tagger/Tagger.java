package io.github.bertner.tagger;

import io.github.bertner.Aggregation;
import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelInfo;
import io.github.bertner.ModelKind;
import io.github.bertner.ModelLoadException;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TokenDecoding;
import io.github.bertner.TokenLabels;
import io.github.bertner.TokenSpan;
import io.github.bertner.WindowMerge;
import io.github.bertner.internal.Arguments;
import io.github.bertner.model.ModelConfig;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.runtime.BatchRows;
import io.github.bertner.runtime.BatchRunner;
import io.github.bertner.runtime.InFlightCalls;
import io.github.bertner.runtime.Int8Kernels;
import io.github.bertner.runtime.Int8WeightScan;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.Subwords;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named-entity recognition with a Hugging Face BERT-family token-classification model exported to ONNX.
 *
 * <p>Two modes share one engine. <b>Raw-text mode</b> ({@link #tag(String)}) returns entities with
 * UTF-16 offsets into the caller's string and reproduces the Hugging Face
 * {@code TokenClassificationPipeline}. <b>Host-token mode</b> ({@link #tagTokens(String[])}) takes the
 * caller's tokens and returns spans over token indices, aligned by the tokenizer's word ids. Inputs longer
 * than the model's window are split into overlapping windows, never truncated; many inputs are batched
 * into one ONNX Runtime run.
 *
 * <p>Thread-safe: one instance may be shared by any number of threads; it is immutable after loading and
 * its tokenizer and ONNX Runtime session are safe for concurrent use. {@link #close()} releases the native
 * resources once the calls in flight have finished; it is idempotent, and a call after it throws
 * {@link IllegalStateException}.
 */
public final class Tagger implements Recognizer {
    private static final Logger LOG = LoggerFactory.getLogger(Tagger.class);
    private final ModelInfo info;
    private final RecognizerConfig config;
    private final LabelSet labels;
    private final SubwordEncoder encoder;
    private final OnnxClassifier classifier;
    private final BatchRunner<long[]> runner;
    private final WindowPlanner windows;
    private final Aligner aligner;
    private final EntityGrouper grouper;
    private final long[] prefix;
    private final long[] suffix;
    private final InFlightCalls calls = new InFlightCalls("Tagger");

    private Tagger(ModelInfo info, RecognizerConfig config, SubwordEncoder encoder, OnnxClassifier classifier) {
        this.info = info;
        this.config = config;
        this.labels = new LabelSet(info.labels(), config.tokenDecoding().keepSpecialLabels());
        this.encoder = encoder;
        this.classifier = classifier;
        this.prefix = encoder.prefixIds();
        this.suffix = encoder.suffixIds();
        int capacity = info.maxPositions() - prefix.length - suffix.length;
        int stride = config.tokenDecoding().stride() == TokenDecoding.DEFAULT_STRIDE
                ? WindowPlanner.defaultStride(capacity)
                : config.tokenDecoding().stride();
        this.windows = new WindowPlanner(capacity, stride);
        this.runner = new BatchRunner<>(
                classifier, sequence -> sequence.length, config.batchSize(), config.effectiveConcurrentRuns());
        this.aligner = new Aligner(labels, info.tokenizer());
        this.grouper = new EntityGrouper(labels);
    }

    /**
     * Loads a model directory in the ONNX export layout, as it is.
     *
     * @param modelDirectory the directory
     * @param config how to load and decode
     * @return the tagger
     * @throws ModelLoadException naming the missing or invalid file
     */
    public static Tagger loadDirectory(Path modelDirectory, RecognizerConfig config) throws ModelLoadException {
        Arguments.require(modelDirectory, "modelDirectory");
        Arguments.require(config, "config");
        ModelFiles files = ModelFiles.locate(modelDirectory, config.quantized());
        ModelConfig model = ModelConfig.read(files.config());
        TokenizerDefinition tokenizer = TokenizerDefinition.of(modelDirectory);
        SubwordEncoder encoder = new SubwordEncoder(tokenizer);
        try {
            long[] probe = concat(encoder.prefixIds(), new long[0], encoder.suffixIds());
            OnnxClassifier classifier =
                    new OnnxClassifier(files.onnxModel(), model.labels().size(), config, probe);
            ModelInfo info = new ModelInfo(
                    modelDirectory,
                    files.onnxModel(),
                    model.modelType(),
                    model.labels(),
                    classifier.inputNames(),
                    model.maxPositions(),
                    tokenizer.source(),
                    tokenizer.settings(),
                    Int8WeightScan.scan(files.onnxModel()),
                    ModelKind.TOKEN_CLASSIFICATION,
                    classifier.packs());
            Int8Kernels.warnIfCanSaturate(info);
            try {
                Tagger tagger = new Tagger(info, config, encoder, classifier);
                LOG.debug(
                        "Loaded {} ({} labels, inputs {}, windows of {} positions)",
                        files.onnxModel(),
                        info.labels().size(),
                        info.inputs(),
                        info.maxPositions());
                return tagger;
            } catch (RuntimeException e) {
                classifier.close();
                throw e;
            }
        } catch (ModelLoadException | RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public RecognizerConfig config() {
        return config;
    }

    /**
     * Finds the entities of one text (raw-text mode).
     *
     * @param text the text; may be empty
     * @return entities in order of start, offsets in UTF-16 code units of {@code text}
     * @throws IllegalArgumentException if {@code text} is null
     */
    public List<Entity> tag(String text) {
        return tag(List.of(Arguments.require(text, "text"))).get(0);
    }

    /**
     * Finds the entities of many texts, batched together (raw-text mode).
     *
     * @param texts the texts; none may be null
     * @return for each text, its entities in order of start, offsets in UTF-16 code units of that text
     * @throws IllegalArgumentException naming the first null text
     */
    public List<List<Entity>> tag(List<String> texts) {
        return calls.whileOpen(() -> tagOpen(texts));
    }

    @Override
    public List<String> entityTypes() {
        return labels.entityTypes();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming a type that is not among the model's {@link #entityTypes()}
     */
    @Override
    public void check(EntityTypes types) {
        filter(types);
    }

    /**
     * {@inheritDoc}
     *
     * <p>With named types, only entities of those types are given, and where a threshold is given, only entities
     * whose score is above it.
     *
     * @throws IllegalArgumentException naming a type that is not among the model's {@link #entityTypes()}
     */
    @Override
    public List<List<Entity>> tag(List<String> texts, EntityTypes types) {
        EntityFilter filter = filter(types);
        List<List<Entity>> results = tag(texts);
        results.replaceAll(entities -> filter.keep(entities, Entity::label, Entity::score));
        return results;
    }

    /**
     * {@inheritDoc}
     *
     * <p>With named types, only entities of those types are given, and where a threshold is given, only entities
     * whose score is above it.
     *
     * @throws IllegalArgumentException naming a type that is not among the model's {@link #entityTypes()}
     */
    @Override
    public List<List<TokenSpan>> tagTokens(List<String[]> sentences, EntityTypes types) {
        EntityFilter filter = filter(types);
        List<List<TokenSpan>> results = tagTokens(sentences);
        results.replaceAll(spans -> filter.keep(spans, TokenSpan::label, TokenSpan::score));
        return results;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Tokens of entities the types (or their thresholds) leave out are labelled {@code O}.
     *
     * @throws IllegalArgumentException naming a type that is not among the model's {@link #entityTypes()}
     */
    @Override
    public List<TokenLabels> labelTokens(List<String[]> sentences, EntityTypes types) {
        EntityFilter filter = filter(types);
        List<TokenLabels> results = new ArrayList<>(sentences.size());
        for (HostResult result : tagHost(sentences)) {
            List<TokenSpan> kept = filter.keep(result.spans(), TokenSpan::label, TokenSpan::score);
            results.add(HostLabels.of(
                    result.tokenCount(),
                    result.units(),
                    kept,
                    config.tokenDecoding().aggregation()));
        }
        return results;
    }

    private EntityFilter filter(EntityTypes types) {
        if (types == null) {
            throw new IllegalArgumentException("types is null: pass EntityTypes.model() for every type of the model");
        }
        if (types.spanDecoding().filter(decoding -> !decoding.isFlat()).isPresent()) {
            throw new IllegalArgumentException("nested and multi-label entities are for zero-shot span models: "
                    + info.directory() + " is a token classifier, whose entities are flat and of one type each");
        }
        return EntityFilter.of(types, labels);
    }

    private List<List<Entity>> tagOpen(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            Arguments.require(texts.get(i), "texts[" + i + "]");
        }
        List<Document> documents = eachInput(texts.size(), i -> {
            Subwords subwords = encoder.encode(texts.get(i));
            return new Document(subwords, windows.plan(subwords.size()));
        });
        classify(documents);
        return eachInput(texts.size(), i -> entities(texts.get(i), documents.get(i)));
    }

    /**
     * Finds the entities of one sentence given as host tokens (host-token mode).
     *
     * @param tokens the host tokens; the array is not modified; empty or whitespace-only tokens are
     *     {@code O}
     * @return entities as token-index spans, in order, not overlapping
     * @throws IllegalArgumentException naming a null token
     */
    public List<TokenSpan> tagTokens(String[] tokens) {
        return tagTokens(List.<String[]>of(Arguments.requireTokens(tokens, "tokens")))
                .get(0);
    }

    /**
     * Finds the entities of many sentences given as host tokens, batched together (host-token mode).
     *
     * @param sentences the sentences; the arrays are not modified
     * @return for each sentence, its entities as token-index spans, in order, not overlapping
     * @throws IllegalArgumentException naming the first null sentence or token
     */
    public List<List<TokenSpan>> tagTokens(List<String[]> sentences) {
        List<List<TokenSpan>> results = new ArrayList<>(sentences.size());
        for (HostResult result : tagHost(sentences)) {
            results.add(result.spans());
        }
        return results;
    }

    /**
     * Labels every host token: the BIO label of the entity it belongs to ({@code B-} on an entity's
     * first token, {@code I-} on the others, {@code O} outside entities) and a score (its entity's, or
     * outside entities the probability of its own label).
     *
     * @param sentences the sentences; the arrays are not modified
     * @return for each sentence, one label and score per token
     * @throws IllegalArgumentException naming the first null sentence or token
     */
    public List<TokenLabels> labelTokens(List<String[]> sentences) {
        List<TokenLabels> results = new ArrayList<>(sentences.size());
        for (HostResult result : tagHost(sentences)) {
            results.add(HostLabels.of(
                    result.tokenCount(),
                    result.units(),
                    result.spans(),
                    config.tokenDecoding().aggregation()));
        }
        return results;
    }

    /**
     * The id sequences that {@link #tagTokens(List)} runs for these sentences, in the batches and rows it runs them:
     * each window with its special tokens, unpadded (a row holds one sequence, or several one after another where the
     * graph packs them, and a batch is padded to its longest row). For measuring the model's own cost beside the
     * tagger's (the {@code bench} command's raw ONNX Runtime rows); tagging needs none of it.
     *
     * @param sentences the sentences as host tokens
     * @return the batches, each its rows of id sequences
     * @throws IllegalArgumentException naming the first null sentence or token
     * @throws IllegalStateException if the tagger is closed
     */
    public List<BatchRows<long[]>> inferenceBatches(List<String[]> sentences) {
        return calls.whileOpen(() -> runner.batches(sequences(hostDocuments(sentences))));
    }

    /**
     * Whether {@link #close()} was called: a closed tagger refuses every call.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return calls.isClosed();
    }

    /**
     * Releases the tokenizer and the ONNX Runtime session, after the calls in flight have finished (releasing
     * them under a call would free native memory it still uses); idempotent.
     */
    @Override
    public void close() {
        calls.close(() -> {
            try {
                runner.close();
                classifier.close();
            } finally {
                encoder.close();
            }
        });
    }

    private List<HostResult> tagHost(List<String[]> sentences) {
        return calls.whileOpen(() -> tagHostOpen(sentences));
    }

    private List<HostResult> tagHostOpen(List<String[]> sentences) {
        List<Document> documents = hostDocuments(sentences);
        classify(documents);
        return eachInput(sentences.size(), i -> hostResult(sentences.get(i).length, documents.get(i)));
    }

    private List<Document> hostDocuments(List<String[]> sentences) {
        Arguments.require(sentences, "sentences");
        for (int i = 0; i < sentences.size(); i++) {
            Arguments.requireTokens(sentences.get(i), "sentences[" + i + "]");
        }
        return eachInput(sentences.size(), i -> {
            Subwords subwords = encoder.encodeWords(sentences.get(i));
            return new Document(subwords, windows.plan(subwords.size(), subwords.wordIds()));
        });
    }

    /**
     * Encodes or decodes many inputs, each on its own: on the common fork-join pool where the tagger may use every
     * core ({@code intraOpThreads} 0), otherwise on the calling thread, so that a caller that gives each of its
     * threads one core (a Spark task) gets no work on other cores.
     *
     * @return the results, in the inputs' order
     */
    private <T> List<T> eachInput(int count, IntFunction<T> work) {
        List<T> results = new ArrayList<>(Collections.nCopies(count, null));
        IntStream indices = IntStream.range(0, count);
        (config.intraOpThreads() == 0 ? indices.parallel() : indices).forEach(i -> results.set(i, work.apply(i)));
        return results;
    }

    private List<long[]> sequences(List<Document> documents) {
        List<long[]> sequences = new ArrayList<>();
        for (Document document : documents) {
            for (Window window : document.windows()) {
                long[] ids = document.subwords().ids();
                sequences.add(concat(prefix, Arrays.copyOfRange(ids, window.start(), window.end()), suffix));
            }
        }
        return sequences;
    }

    private void classify(List<Document> documents) {
        float[][] logits = runner.run(sequences(documents));
        int next = 0;
        for (Document document : documents) {
            document.setLogits(
                    Arrays.copyOfRange(logits, next, next + document.windows().size()));
            next += document.windows().size();
        }
    }

    /**
     * Raw-text mode: the pipeline's {@link #postprocess} on each window, whose entities the pipeline's merge of
     * overlapping windows then combines ({@link OverlapMerger}); or, with {@link WindowMerge#CENTER}, on the whole
     * text with each sub-word scored by the window where it lies most centrally.
     */
    private List<Entity> entities(String text, Document document) {
        List<Unit> found;
        if (config.tokenDecoding().windowMerge() == WindowMerge.HUGGING_FACE
                && document.windows().size() > 1) {
            List<Unit> eachWindow = new ArrayList<>();
            for (int w = 0; w < document.windows().size(); w++) {
                Window window = document.windows().get(w);
                ProbabilityRows scores = document.probabilities(w, prefix.length, labels.size());
                eachWindow.addAll(postprocess(text, document, scores, window.start(), window.end()));
            }
            found = OverlapMerger.merge(eachWindow);
        } else {
            ProbabilityRows scores = document.centeredProbabilities(prefix.length, labels.size());
            found = postprocess(text, document, scores, 0, scores.size());
        }
        List<Entity> entities = new ArrayList<>(found.size());
        for (Unit unit : found) {
            entities.add(new Entity(
                    unit.label(), unit.start(), unit.end(), unit.score(), text.substring(unit.start(), unit.end())));
        }
        return entities;
    }

    /**
     * The transformers pipeline's {@code postprocess} on the sub-words {@code [from, to)} of a text: the softmax
     * scores ({@code scores}, computed when the logits came back) become pre-entities, are aggregated into words
     * ({@link Aligner#rawUnits}), grouped into entities, and filtered ({@link #decode}).
     */
    private List<Unit> postprocess(String text, Document document, ProbabilityRows scores, int from, int to) {
        Aggregation aggregation = config.tokenDecoding().aggregation();
        List<Unit> words = aligner.rawUnits(text, document.subwords(), scores, from, to, aggregation);
        return decode(words);
    }

    private HostResult hostResult(int tokenCount, Document document) {
        ProbabilityRows probabilities = document.centeredProbabilities(prefix.length, labels.size());
        List<Unit> units = aligner.hostUnits(
                document.subwords(),
                probabilities,
                tokenCount,
                config.tokenDecoding().aggregation());
        List<Unit> entities = decode(units);
        if (config.tokenDecoding().aggregation() == Aggregation.SIMPLE) {
            entities = TokenSpans.withoutOverlaps(entities);
        }
        List<TokenSpan> spans = new ArrayList<>(entities.size());
        for (Unit entity : entities) {
            spans.add(new TokenSpan(entity.start(), entity.end(), entity.label(), entity.score()));
        }
        return new HostResult(tokenCount, units, spans);
    }

    /**
     * Groups labelled units into entities ({@code group_entities}, or each unit alone without aggregation) and
     * filters them: {@code O} is dropped in grouping, and an entity that covers nothing (a lone empty sub-token) is
     * never one.
     */
    private List<Unit> decode(List<Unit> units) {
        List<Unit> entities = config.tokenDecoding().aggregation() == Aggregation.NONE
                ? grouper.ungrouped(units)
                : grouper.group(units);
        entities.removeIf(entity -> entity.start() == entity.end());
        return entities;
    }

    private static long[] concat(long[] a, long[] b, long[] c) {
        long[] all = new long[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    private record HostResult(int tokenCount, List<Unit> units, List<TokenSpan> spans) {}
}
