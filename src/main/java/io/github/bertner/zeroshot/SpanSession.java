package io.github.bertner.zeroshot;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.runtime.BatchModel;
import io.github.bertner.runtime.OnnxFeed;
import io.github.bertner.runtime.OnnxSessions;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The zero-shot recognizer's ONNX Runtime model: runs a GLiNER span graph (GLiNER's own export
 * or bert-ner's conversion, which share their inputs and output) on a batch of prompts with texts, padded to the
 * longest. One session serves every thread; every tensor and result is closed per call.
 */
final class SpanSession implements BatchModel<SpanInput>, AutoCloseable {
    private static final List<String> REQUIRED =
            List.of("input_ids", "attention_mask", "words_mask", "text_lengths", "span_idx", "span_mask");
    private static final String TOKEN_TYPE_IDS = "token_type_ids";

    private final OrtSession session;
    private final Set<String> inputs;
    private final int maxWidth;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Loads a graph and checks that it takes GLiNER's inputs.
     *
     * @param model the ONNX file
     * @param maxWidth the model's {@code max_width}: the spans per word the graph scores
     * @param config the session settings
     * @throws ModelLoadException naming the file that ONNX Runtime cannot load, or that is not a GLiNER span graph
     */
    SpanSession(Path model, int maxWidth, RecognizerConfig config) throws ModelLoadException {
        this.maxWidth = maxWidth;
        session = OnnxSessions.open(model, config);
        try {
            inputs = new TreeSet<>(session.getInputNames());
            checkInputs(model);
        } catch (ModelLoadException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The graph's input names. */
    Set<String> inputNames() {
        return inputs;
    }

    /**
     * The logits of each input: element {@code [i][(word · max_width + width) · types + type]} for the input's own
     * words and types.
     */
    @Override
    public float[][] run(List<SpanInput> batch) {
        int length = 0;
        int words = 0;
        for (SpanInput input : batch) {
            length = Math.max(length, input.ids().length);
            words = Math.max(words, input.words());
        }
        int longest = length;
        int mostWords = words;
        try (OnnxFeed feed = new OnnxFeed()) {
            fill(feed, batch, length, words);
            return feed.run(
                    session,
                    result -> logits(result, batch, mostWords),
                    () -> "a batch of " + batch.size() + " prompts with texts of up to " + longest + " sub-words and "
                            + mostWords + " words");
        }
    }

    @Override
    public void close() {
        OnnxSessions.closeOnce(session, closed);
    }

    /** Adds GLiNER's inputs for the batch, padded to its longest prompt and its most words. */
    private void fill(OnnxFeed feed, List<SpanInput> batch, int length, int words) {
        int rows = batch.size();
        int spans = words * maxWidth;
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * length];
        long[] wordsMask = new long[rows * length];
        long[] textLengths = new long[rows];
        long[] spanIndex = new long[rows * spans * 2];
        byte[] spanMask = new byte[rows * spans];
        for (int r = 0; r < rows; r++) {
            SpanInput input = batch.get(r);
            int count = input.ids().length;
            System.arraycopy(input.ids(), 0, ids, r * length, count);
            System.arraycopy(input.wordsMask(), 0, wordsMask, r * length, count);
            Arrays.fill(mask, r * length, r * length + count, 1L);
            textLengths[r] = input.words();
            for (int start = 0; start < input.words(); start++) {
                for (int width = 0; width < maxWidth; width++) {
                    int span = r * spans + start * maxWidth + width;
                    spanIndex[2 * span] = start;
                    spanIndex[2 * span + 1] = start + width;
                    spanMask[span] = (byte) (start + width < input.words() ? 1 : 0);
                }
            }
        }
        feed.integers("input_ids", ids, OnnxJavaType.INT64, rows, length);
        feed.integers("attention_mask", mask, OnnxJavaType.INT64, rows, length);
        feed.integers("words_mask", wordsMask, OnnxJavaType.INT64, rows, length);
        feed.integers("text_lengths", textLengths, OnnxJavaType.INT64, rows, 1);
        feed.integers("span_idx", spanIndex, OnnxJavaType.INT64, rows, spans, 2);
        feed.booleans("span_mask", spanMask, rows, spans);
        if (inputs.contains(TOKEN_TYPE_IDS)) {
            feed.integers(TOKEN_TYPE_IDS, new long[rows * length], OnnxJavaType.INT64, rows, length);
        }
    }

    private static float[][] logits(OrtSession.Result result, List<SpanInput> batch, int words) throws OrtException {
        long[] shape = ((TensorInfo) result.get("logits")
                        .orElseThrow(() -> new IllegalStateException("the model returned no logits"))
                        .getInfo())
                .getShape();
        int widths = (int) shape[2];
        int types = (int) shape[3];
        FloatBuffer buffer = OnnxFeed.floats(result, "logits");
        float[][] logits = new float[batch.size()][];
        for (int r = 0; r < logits.length; r++) {
            SpanInput input = batch.get(r);
            int own = input.types();
            logits[r] = new float[input.words() * widths * own];
            for (int span = 0; span < input.words() * widths; span++) {
                buffer.position((r * words * widths + span) * types);
                buffer.get(logits[r], span * own, own);
            }
        }
        return logits;
    }

    private void checkInputs(Path model) throws ModelLoadException {
        if (!inputs.containsAll(REQUIRED)) {
            throw new ModelLoadException(
                    model,
                    "is not a GLiNER span model export: its inputs are " + inputs + ", GLiNER's are " + REQUIRED);
        }
        try {
            for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
                if (!REQUIRED.contains(input.getKey()) && !input.getKey().equals(TOKEN_TYPE_IDS)) {
                    throw new ModelLoadException(
                            model, "has an input \"" + input.getKey() + "\" the recognizer cannot feed");
                }
            }
            if (!session.getOutputNames().contains("logits")) {
                throw new ModelLoadException(
                        model, "has no output \"logits\"; its outputs are " + session.getOutputNames());
            }
        } catch (OrtException e) {
            throw new ModelLoadException(model, "cannot describe its inputs: " + e.getMessage(), e);
        }
    }
}
