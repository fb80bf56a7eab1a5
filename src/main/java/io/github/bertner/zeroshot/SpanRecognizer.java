package io.github.bertner.zeroshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelInfo;
import io.github.bertner.ModelKind;
import io.github.bertner.ModelLoadException;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.SpanDecoding;
import io.github.bertner.TokenLabels;
import io.github.bertner.TokenSpan;
import io.github.bertner.internal.Arguments;
import io.github.bertner.model.JsonFiles;
import io.github.bertner.model.ModelConfig;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.model.SpanModelConfig;
import io.github.bertner.runtime.BatchRunner;
import io.github.bertner.runtime.InFlightCalls;
import io.github.bertner.runtime.Int8Kernels;
import io.github.bertner.runtime.Int8WeightScan;
import io.github.bertner.tokenizer.SpanModelTokenizer;
import io.github.bertner.tokenizer.SubwordEncoder;
import io.github.bertner.tokenizer.TokenizerDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Zero-shot named-entity recognition with a GLiNER span model: the entity types are named at each call
 * ({@code person}, {@code medication}, {@code court}), not fixed by training. Loads GLiNER's uni-encoder span models
 * ({@code span_mode} {@code markerV0}: {@code urchade/gliner_multi-v2.1} and its kin) from a checkpoint converted
 * in Java, or from an ONNX export ({@code onnx/model.onnx} beside {@code gliner_config.json}).
 *
 * <p>It reproduces GLiNER's inference: its word splitter, its prompt ({@code <<ENT>> type …  <<SEP>>} and the words),
 * first-sub-token word vectors, its scores (the sigmoid of each span's logit, for spans of up to {@code max_width}
 * words) and its flat, nested and multi-label decoding ({@link SpanDecoding}, from the configuration or per call).
 * Where GLiNER reads only the first {@code max_len} words of a text, this reads them all, in windows of
 * {@code max_len} words that overlap by a quarter; the first window is exactly what GLiNER reads, and an entity of a later window is kept unless it clashes with one of an earlier window. Where the
 * types' prompt would take more than half of the encoder's positions, the types are asked in groups whose prompts
 * fit, and their spans are decoded together.
 *
 * <p>Raw-text mode ({@link #tag(List, EntityTypes)}) gives entities with UTF-16 offsets; host-token mode
 * ({@link #tagTokens(List, EntityTypes)}) takes the caller's tokens as GLiNER's words (blank tokens are left out) and
 * gives spans over token indices. Thread-safe; {@link #close()} waits for the calls in flight.
 */
public final class SpanRecognizer implements Recognizer {
    private final ModelInfo info;
    private final RecognizerConfig config;
    private final SpanModelConfig model;
    private final SubwordEncoder encoder;
    private final SpanPrompts prompts;
    private final SpanSession session;
    private final BatchRunner<SpanInput> runner;
    private final EncoderLimits limits;
    private final InFlightCalls calls = new InFlightCalls("SpanRecognizer");

    private SpanRecognizer(
            ModelInfo info,
            RecognizerConfig config,
            SpanModelConfig model,
            SubwordEncoder encoder,
            SpanSession session,
            EncoderLimits limits) {
        this.info = info;
        this.config = config;
        this.model = model;
        this.encoder = encoder;
        this.prompts = new SpanPrompts(encoder, model.entityToken(), model.separatorToken());
        this.session = session;
        this.runner = new BatchRunner<>(
                session, input -> input.ids().length, config.batchSize(), config.effectiveConcurrentRuns());
        this.limits = limits;
    }

    /**
     * Loads a GLiNER model directory in the ONNX layout ({@code gliner_config.json}, {@code model.onnx} or
     * {@code onnx/model.onnx}, a tokenizer), as it is.
     *
     * @param directory the directory
     * @param config how to run it
     * @return the recognizer
     * @throws ModelLoadException naming the missing or invalid file
     */
    public static SpanRecognizer loadDirectory(Path directory, RecognizerConfig config) throws ModelLoadException {
        Arguments.require(directory, "directory");
        Arguments.require(config, "config");
        if (!SpanModelConfig.isSpanModel(directory)) {
            throw new ModelLoadException(
                    directory.resolve(SpanModelConfig.FILE),
                    "missing: not a GLiNER model (a fine-tuned token classifier loads as a Tagger)");
        }
        SpanModelConfig model = SpanModelConfig.read(directory.resolve(SpanModelConfig.FILE));
        TokenizerDefinition tokenizer = SpanModelTokenizer.of(model, directory, Optional.empty());
        SpanModelTokenizer.classToken(model, tokenizer);
        Path onnx = ModelFiles.onnx(directory, config.quantized());
        EncoderLimits limits = EncoderLimits.of(directory, model);
        SubwordEncoder encoder = new SubwordEncoder(tokenizer);
        try {
            SpanSession session = new SpanSession(onnx, model.maxWidth(), config);
            ModelInfo info = new ModelInfo(
                    directory,
                    onnx,
                    "gliner (" + limits.modelType() + ")",
                    List.of(),
                    session.inputNames(),
                    limits.maxPositions(),
                    tokenizer.source(),
                    tokenizer.settings(),
                    Int8WeightScan.scan(onnx),
                    ModelKind.ZERO_SHOT_SPANS,
                    false);
            Int8Kernels.warnIfCanSaturate(info);
            return new SpanRecognizer(info, config, model, encoder, session, limits);
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
     * The GLiNER settings of the model.
     *
     * @return what its {@code gliner_config.json} says
     */
    public SpanModelConfig modelConfig() {
        return model;
    }

    /**
     * None: a zero-shot model finds the types each call names.
     *
     * @return an empty list
     */
    @Override
    public List<String> entityTypes() {
        return List.of();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if no types are named ({@link EntityTypes#model()})
     */
    @Override
    public void check(EntityTypes types) {
        checkTypes(types);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException naming the first null text, or if no types are named
     *     ({@link EntityTypes#model()}: a zero-shot model has no types of its own)
     */
    @Override
    public List<List<Entity>> tag(List<String> texts, EntityTypes types) {
        Arguments.require(texts, "texts");
        checkTypes(types);
        List<List<WordSplitter.Word>> words = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null");
            }
            words.add(WordSplitter.split(texts.get(i)));
        }
        Found found = calls.whileOpen(() -> find(words, request(types), WordSplitter.Word::text));
        List<List<Entity>> results = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            List<WordSplitter.Word> textWords = words.get(i);
            List<Entity> entities = new ArrayList<>();
            for (SpanDecoder.Candidate span : found.spans().get(i)) {
                int start = textWords.get(span.start()).start();
                int end = textWords.get(span.end()).end();
                entities.add(new Entity(found.type(span), start, end, span.score(), text.substring(start, end)));
            }
            results.add(entities);
        }
        return results;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The tokens are GLiNER's words; empty and blank tokens are left out of what the model reads and are never
     * part of an entity's ends. Spans may overlap where nested or multi-label decoding is configured.
     *
     * @throws IllegalArgumentException naming the first null sentence or token, or if no types are named
     */
    @Override
    public List<List<TokenSpan>> tagTokens(List<String[]> sentences, EntityTypes types) {
        Arguments.require(sentences, "sentences");
        checkTypes(types);
        List<List<Integer>> kept = new ArrayList<>(sentences.size());
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (int s = 0; s < sentences.size(); s++) {
            String[] tokens = Arguments.requireTokens(sentences.get(s), "sentences[" + s + "]");
            List<Integer> indices = new ArrayList<>();
            List<String> sentenceWords = new ArrayList<>();
            for (int t = 0; t < tokens.length; t++) {
                if (!tokens[t].isBlank()) {
                    indices.add(t);
                    sentenceWords.add(tokens[t]);
                }
            }
            kept.add(indices);
            words.add(sentenceWords);
        }
        Found found = calls.whileOpen(() -> find(words, request(types), word -> word));
        List<List<TokenSpan>> results = new ArrayList<>(sentences.size());
        for (int s = 0; s < sentences.size(); s++) {
            List<Integer> indices = kept.get(s);
            List<TokenSpan> spans = new ArrayList<>();
            for (SpanDecoder.Candidate span : found.spans().get(s)) {
                spans.add(new TokenSpan(
                        indices.get(span.start()), indices.get(span.end()) + 1, found.type(span), span.score()));
            }
            results.add(spans);
        }
        return results;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A span model scores spans, not tokens: a token outside every entity has the score {@code NaN}. Where
     * entities overlap (nested or multi-label decoding), a token takes the label of the first entity over it.
     */
    @Override
    public List<TokenLabels> labelTokens(List<String[]> sentences, EntityTypes types) {
        List<List<TokenSpan>> spans = tagTokens(sentences, types);
        List<TokenLabels> results = new ArrayList<>(sentences.size());
        for (int s = 0; s < sentences.size(); s++) {
            int count = sentences.get(s).length;
            String[] labels = new String[count];
            double[] scores = new double[count];
            Arrays.fill(labels, "O");
            Arrays.fill(scores, Double.NaN);
            for (TokenSpan span : spans.get(s)) {
                if (Arrays.stream(labels, span.start(), span.end()).allMatch("O"::equals)) {
                    for (int t = span.start(); t < span.end(); t++) {
                        labels[t] = (t == span.start() ? "B-" : "I-") + span.label();
                        scores[t] = span.score();
                    }
                }
            }
            results.add(new TokenLabels(Arrays.asList(labels), scores));
        }
        return results;
    }

    @Override
    public boolean isClosed() {
        return calls.isClosed();
    }

    @Override
    public void close() {
        calls.close(() -> {
            try {
                runner.close();
                session.close();
            } finally {
                encoder.close();
            }
        });
    }

    /** A call's types: their names, float thresholds by index, and the groups their prompts are asked in. */
    private record Request(
            List<String> names, float[] thresholds, List<int[]> groups, int promptTokens, SpanDecoder decoder) {}

    /** The spans a call found in each text, over its word indices, and the names of the types they index. */
    private record Found(List<String> names, List<List<SpanDecoder.Candidate>> spans) {
        String type(SpanDecoder.Candidate span) {
            return names.get(span.type());
        }
    }

    private static void checkTypes(EntityTypes types) {
        if (types == null || types.isModel()) {
            throw new IllegalArgumentException(
                    "a zero-shot model needs the entity types to find, named in the call (such as person, organization)");
        }
    }

    private Request request(EntityTypes types) {
        List<String> names = types.names();
        float[] thresholds = new float[names.size()];
        for (int t = 0; t < thresholds.length; t++) {
            thresholds[t] = (float) types.threshold(names.get(t), EntityTypes.DEFAULT_THRESHOLD);
        }
        int[] typeTokens = prompts.typeTokens(names);
        List<int[]> groups = TypeGroups.of(names, typeTokens, limits.maxPositions() / 2);
        int promptTokens = 0;
        for (int[] group : groups) {
            int tokens = 1;
            for (int t : group) {
                tokens += typeTokens[t];
            }
            promptTokens = Math.max(promptTokens, tokens);
        }
        SpanDecoding decoding = types.spanDecoding().orElse(config.spanDecoding());
        return new Request(
                names, thresholds, groups, promptTokens, new SpanDecoder(decoding.nested(), decoding.multiLabel()));
    }

    /** The chosen spans of each text, over its word indices. */
    private <W> Found find(List<List<W>> texts, Request request, Function<W, String> wordText) {
        List<SpanInput> inputs = new ArrayList<>();
        List<List<Run>> runs = new ArrayList<>(texts.size());
        for (List<W> words : texts) {
            List<String> strings = words.stream().map(wordText).toList();
            List<Run> textRuns = new ArrayList<>();
            for (SpanWindows.Window window : windows(strings, request)) {
                for (int[] group : request.groups()) {
                    textRuns.add(new Run(window, group, inputs.size()));
                    inputs.add(prompts.input(
                            Arrays.stream(group).mapToObj(request.names()::get).toList(),
                            strings.subList(window.start(), window.end())));
                }
            }
            runs.add(textRuns);
        }
        float[][] logits = runner.run(inputs);
        List<List<SpanDecoder.Candidate>> results = new ArrayList<>(texts.size());
        for (List<Run> textRuns : runs) {
            results.add(decode(textRuns, logits, request));
        }
        return new Found(request.names(), results);
    }

    /** One run: a window of a text and a group of types, and its place among the inputs. */
    private record Run(SpanWindows.Window window, int[] group, int input) {}

    private List<SpanWindows.Window> windows(List<String> words, Request request) {
        int[] wordTokens =
                limits.tokenLimit() == Integer.MAX_VALUE ? null : prompts.wordTokens(words.toArray(String[]::new));
        int room = limits.tokenLimit() - request.promptTokens() - prompts.specialTokens();
        return SpanWindows.plan(words.size(), model.maxWords(), wordTokens, room);
    }

    /**
     * Decodes a text's runs: each window's groups together, then the windows in order, an entity of a later window
     * kept unless it clashes with one of an earlier window.
     */
    private List<SpanDecoder.Candidate> decode(List<Run> runs, float[][] logits, Request request) {
        List<SpanDecoder.Candidate> kept = new ArrayList<>();
        int next = 0;
        while (next < runs.size()) {
            SpanWindows.Window window = runs.get(next).window();
            List<SpanDecoder.Candidate> candidates = new ArrayList<>();
            for (; next < runs.size() && runs.get(next).window().equals(window); next++) {
                Run run = runs.get(next);
                SpanDecoder.addCandidates(
                        logits[run.input()],
                        window.size(),
                        model.maxWidth(),
                        run.group(),
                        request.thresholds(),
                        candidates);
            }
            List<SpanDecoder.Candidate> earlier = List.copyOf(kept);
            for (SpanDecoder.Candidate span : request.decoder().choose(candidates)) {
                SpanDecoder.Candidate shifted = new SpanDecoder.Candidate(
                        span.start() + window.start(), span.end() + window.start(), span.type(), span.score());
                if (earlier.stream().noneMatch(taken -> request.decoder().clash(shifted, taken))) {
                    kept.add(shifted);
                }
            }
        }
        kept.sort(Comparator.comparingInt(SpanDecoder.Candidate::start));
        return kept;
    }

    /**
     * What limits the encoder's input: its positions ({@code max_position_embeddings}), which are a hard limit only
     * where it adds absolute position embeddings; DeBERTa-v2/v3 (GLiNER's usual encoder) uses relative positions
     * only, and runs, as in GLiNER, on inputs of any length.
     */
    private record EncoderLimits(String modelType, int maxPositions, int tokenLimit) {
        static EncoderLimits of(Path directory, SpanModelConfig model) throws ModelLoadException {
            Path file = directory.resolve("config.json");
            Optional<JsonNode> config =
                    Files.isRegularFile(file) ? Optional.of(JsonFiles.readObject(file)) : model.encoderConfig();
            if (config.isEmpty()) {
                return new EncoderLimits("deberta-v2", 512, Integer.MAX_VALUE);
            }
            Path source = Files.isRegularFile(file) ? file : model.file();
            JsonNode root = config.get();
            String type = root.path("model_type").asText("unknown");
            int positions = ModelConfig.positions(source, root);
            boolean relative = type.equals("deberta-v2")
                    && !root.path("position_biased_input").asBoolean(true);
            return new EncoderLimits(type, positions, relative ? Integer.MAX_VALUE : positions);
        }
    }
}
