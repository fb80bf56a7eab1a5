package io.github.bertner;

import io.github.bertner.convert.Int8WeightScan;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.Subwords;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final TaggerConfig config;
    private final LabelSet labels;
    private final SubwordEncoder encoder;
    private final OnnxClassifier classifier;
    private final BatchRunner runner;
    private final WindowPlanner windows;
    private final Aligner aligner;
    private final EntityGrouper grouper;
    private final long[] prefix;
    private final long[] suffix;
    private final InFlightCalls calls = new InFlightCalls("Tagger");

    private Tagger(ModelInfo info, TaggerConfig config, SubwordEncoder encoder, OnnxClassifier classifier) {
        this.info = info;
        this.config = config;
        this.labels = new LabelSet(info.labels(), config.keepSpecialLabels());
        this.encoder = encoder;
        this.classifier = classifier;
        this.prefix = encoder.prefixIds();
        this.suffix = encoder.suffixIds();
        int capacity = info.maxPositions() - prefix.length - suffix.length;
        int stride = config.stride() == TaggerConfig.DEFAULT_STRIDE
                ? WindowPlanner.defaultStride(capacity)
                : config.stride();
        this.windows = new WindowPlanner(capacity, stride);
        this.runner = new BatchRunner(classifier, config.batchSize(), config.effectiveConcurrentRuns());
        this.aligner = new Aligner(labels, info.tokenizer());
        this.grouper = new EntityGrouper(labels);
    }

    /**
     * Loads a model directory with the default configuration.
     *
     * @param modelDirectory a directory in the Hugging Face ONNX export layout, or a checkpoint directory
     *     to convert (see {@link ModelLocation})
     * @return the tagger
     * @throws ModelLoadException naming the missing or invalid file
     */
    public static Tagger load(Path modelDirectory) throws ModelLoadException {
        return load(modelDirectory, TaggerConfig.defaults());
    }

    /**
     * Loads a model directory.
     *
     * @param modelDirectory a directory in the Hugging Face ONNX export layout, or a checkpoint directory
     *     to convert (see {@link ModelLocation})
     * @param config how to load and decode
     * @return the tagger
     * @throws ModelLoadException naming the missing or invalid file
     * @throws IllegalArgumentException if the configured stride does not fit the model's window
     */
    public static Tagger load(Path modelDirectory, TaggerConfig config) throws ModelLoadException {
        Arguments.require(modelDirectory, "modelDirectory");
        return load(ModelLocation.directory(modelDirectory), config);
    }

    /**
     * Loads a model from a directory or a Hugging Face Hub repository ({@code hf:ORG/NAME}), fetching and
     * converting it first where needed, with the Hub settings of this process's environment.
     *
     * @param location where the model is
     * @param config how to load and decode
     * @return the tagger
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     * @throws IllegalArgumentException if the configured stride does not fit the model's window
     */
    public static Tagger load(ModelLocation location, TaggerConfig config) throws ModelLoadException {
        Arguments.require(location, "location");
        Arguments.require(config, "config");
        return loadDirectory(location.resolve(config.quantized()), config);
    }

    /**
     * Loads a model directory in the ONNX export layout, as it is.
     *
     * @param modelDirectory the directory
     * @param config how to load and decode
     * @return the tagger
     * @throws ModelLoadException naming the missing or invalid file
     */
    public static Tagger loadDirectory(Path modelDirectory, TaggerConfig config) throws ModelLoadException {
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
                    ModelKind.TOKEN_CLASSIFICATION);
            warnIfWeightsCanSaturate(info);
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

    /** Says when an int8 model can give wrong sums on this processor, or on others it may be copied to. */
    private static void warnIfWeightsCanSaturate(ModelInfo info) {
        if (!info.int8Weights().canSaturate()) {
            return;
        }
        Int8Kernels processor = Int8Kernels.thisProcessor();
        String message = "{}: {} (for example {})";
        Object[] arguments = {
            info.onnxModel(),
            info.int8Weights().describe(processor, info.directory()),
            info.int8Weights().example().orElse("")
        };
        if (processor.mayPairsSaturate()) {
            LOG.warn(message, arguments);
        } else {
            LOG.info(message, arguments);
        }
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public TaggerConfig config() {
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

    /**
     * The entity types this model finds: those its labels name ({@code PER} for {@code B-PER} and {@code I-PER}).
     *
     * @return the types, in the order of the labels
     */
    public List<String> entityTypes() {
        return labels.entityTypes();
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
            results.add(TokenLabels.of(result.tokenCount(), result.units(), kept, config.aggregation()));
        }
        return results;
    }

    private EntityFilter filter(EntityTypes types) {
        if (types == null) {
            throw new IllegalArgumentException("types is null: pass EntityTypes.model() for every type of the model");
        }
        return EntityFilter.of(types, labels);
    }

    private List<List<Entity>> tagOpen(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            Arguments.require(texts.get(i), "texts[" + i + "]");
        }
        List<Document> documents = encodeAll(texts.size(), i -> {
            Subwords subwords = encoder.encode(texts.get(i));
            return new Document(subwords, windows.plan(subwords.size()));
        });
        classify(documents);
        List<List<Entity>> results = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            results.add(entities(texts.get(i), documents.get(i)));
        }
        return results;
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
            results.add(TokenLabels.of(result.tokenCount(), result.units(), result.spans(), config.aggregation()));
        }
        return results;
    }

    /** The id sequences {@link #tagTokens(List)} runs, in its batches (see {@link Diagnostics#inferenceBatches}). */
    List<List<long[]>> inferenceBatches(List<String[]> sentences) {
        return calls.whileOpen(() -> batchesOf(sentences));
    }

    private List<List<long[]>> batchesOf(List<String[]> sentences) {
        List<long[]> sequences = sequences(hostDocuments(sentences));
        List<List<long[]>> batches = new ArrayList<>();
        for (List<Integer> batch : BatchRunner.batches(sequences, config.batchSize())) {
            List<long[]> inputs = new ArrayList<>(batch.size());
            batch.forEach(i -> inputs.add(sequences.get(i)));
            batches.add(inputs);
        }
        return batches;
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
        List<HostResult> results = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            results.add(hostResult(sentences.get(i).length, documents.get(i)));
        }
        return results;
    }

    private List<Document> hostDocuments(List<String[]> sentences) {
        Arguments.require(sentences, "sentences");
        for (int i = 0; i < sentences.size(); i++) {
            Arguments.requireTokens(sentences.get(i), "sentences[" + i + "]");
        }
        return encodeAll(sentences.size(), i -> {
            Subwords subwords = encoder.encodeWords(sentences.get(i));
            return new Document(subwords, windows.plan(subwords.size(), subwords.wordIds()));
        });
    }

    /**
     * Encodes many inputs: on the common fork-join pool where the tagger may use every core
     * ({@code intraOpThreads} 0), otherwise on the calling thread, so that a caller that gives each of its
     * threads one core (a Spark task) gets no work on other cores.
     */
    private List<Document> encodeAll(int count, IntFunction<Document> encode) {
        Document[] documents = new Document[count];
        IntStream indices = IntStream.range(0, count);
        (config.intraOpThreads() == 0 ? indices.parallel() : indices).forEach(i -> documents[i] = encode.apply(i));
        return Arrays.asList(documents);
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
        float[][] logits = runner.classify(sequences(documents));
        int next = 0;
        for (Document document : documents) {
            document.setLogits(
                    Arrays.copyOfRange(logits, next, next + document.windows().size()));
            next += document.windows().size();
        }
    }

    private List<Entity> entities(String text, Document document) {
        List<Unit> found;
        if (config.windowMerge() == WindowMerge.HUGGING_FACE
                && document.windows().size() > 1) {
            found = new ArrayList<>();
            for (int w = 0; w < document.windows().size(); w++) {
                Window window = document.windows().get(w);
                found.addAll(decode(aligner.rawUnits(
                        text,
                        document.subwords(),
                        document.probabilities(w, prefix.length, labels.size()),
                        window.start(),
                        window.end(),
                        config.aggregation())));
            }
            found = OverlapMerger.merge(found);
        } else {
            ProbabilityRows probabilities = document.centeredProbabilities(prefix.length, labels.size());
            found = decode(aligner.rawUnits(
                    text, document.subwords(), probabilities, 0, probabilities.size(), config.aggregation()));
        }
        List<Entity> entities = new ArrayList<>(found.size());
        for (Unit unit : found) {
            entities.add(new Entity(
                    unit.label(), unit.start(), unit.end(), unit.score(), text.substring(unit.start(), unit.end())));
        }
        return entities;
    }

    private HostResult hostResult(int tokenCount, Document document) {
        ProbabilityRows probabilities = document.centeredProbabilities(prefix.length, labels.size());
        List<Unit> units = aligner.hostUnits(document.subwords(), probabilities, tokenCount, config.aggregation());
        List<Unit> entities = decode(units);
        if (config.aggregation() == Aggregation.SIMPLE) {
            entities = TokenSpans.withoutOverlaps(entities);
        }
        List<TokenSpan> spans = new ArrayList<>(entities.size());
        for (Unit entity : entities) {
            spans.add(new TokenSpan(entity.start(), entity.end(), entity.label(), entity.score()));
        }
        return new HostResult(tokenCount, units, spans);
    }

    /** Entities from labelled units; an entity that covers nothing (a lone empty sub-token) is never one. */
    private List<Unit> decode(List<Unit> units) {
        List<Unit> entities =
                config.aggregation() == Aggregation.NONE ? grouper.ungrouped(units) : grouper.group(units);
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
