package io.github.bertner.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import io.github.bertner.ModelLoadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one class that touches the tokenizer library (DJL's binding of Hugging Face {@code tokenizers}).
 * Encoding goes through DJL's native interface directly, so that only the arrays the tagger reads
 * cross from native code (DJL's {@code Encoding} copies eight of them for every call).
 * The tokenizer's own truncation and padding are switched off; special tokens are never added here but
 * by the caller, from {@link #prefixIds()} and {@link #suffixIds()}. Host tokens go through the definition's
 * tokenizer for words where it has one ({@link TokenizerDefinition#wordsJson()}). Thread-safe.
 */
public final class SubwordEncoder implements AutoCloseable {

    static {
        // The tokenizer library must not contact anything at run time: its native code ships in its jar.
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
    }

    private final HuggingFaceTokenizer tokenizer;
    private final HuggingFaceTokenizer wordsTokenizer;
    private final long[] prefixIds;
    private final long[] suffixIds;
    private final WordEncodings wordEncodings = new WordEncodings();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Loads a tokenizer.
     *
     * @param definition the tokenizer
     * @throws ModelLoadException naming the tokenizer file the tokenizers library does not accept
     */
    public SubwordEncoder(TokenizerDefinition definition) throws ModelLoadException {
        tokenizer = load(definition, definition.json());
        try {
            Optional<String> words = definition.wordsJson();
            wordsTokenizer = words.isPresent() ? load(definition, words.get()) : tokenizer;
        } catch (ModelLoadException e) {
            tokenizer.close();
            throw e;
        }
        Encoding probe = tokenizer.encode("a", true, false);
        int[] content = contentRange(probe.getSpecialTokenMask());
        prefixIds = Arrays.copyOfRange(probe.getIds(), 0, content[0]);
        suffixIds = Arrays.copyOfRange(probe.getIds(), content[1], probe.getIds().length);
    }

    /**
     * Ids the model expects before the subwords of every window (for BERT, {@code [CLS]}).
     *
     * @return a copy of the ids
     */
    public long[] prefixIds() {
        return prefixIds.clone();
    }

    /**
     * Ids the model expects after the subwords of every window (for BERT, {@code [SEP]}).
     *
     * @return a copy of the ids
     */
    public long[] suffixIds() {
        return suffixIds.clone();
    }

    /**
     * Encodes raw text; offsets are converted from code points to UTF-16 indices of {@code text}.
     *
     * @param text the text
     * @return its subwords, without special tokens
     */
    public Subwords encode(String text) {
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), withoutLoneSurrogates(text), false);
        long[] ids;
        String[] tokens;
        CharSpan[] spans;
        try {
            ids = TokenizersLibrary.LIB.getTokenIds(encoding);
            tokens = TokenizersLibrary.LIB.getTokens(encoding);
            spans = TokenizersLibrary.LIB.getTokenCharSpans(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
        int[] utf16 = codePointToUtf16(withoutLoneSurrogates(text));
        int n = spans.length;
        int[] starts = new int[n];
        int[] ends = new int[n];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int cpStart = spans[i] == null ? 0 : spans[i].getStart();
            int cpEnd = spans[i] == null ? 0 : spans[i].getEnd();
            starts[i] = utf16[cpStart];
            ends[i] = utf16[cpEnd];
            lengths[i] = cpEnd - cpStart;
        }
        return new Subwords(ids, tokens, starts, ends, lengths, new int[n]);
    }

    /**
     * Encodes host tokens as pre-tokenized words; the caller's array is not modified. Words encoded before are
     * not encoded again ({@link WordEncodings}).
     *
     * @param words the words
     * @return their subwords, without special tokens, each with its word's index
     */
    public Subwords encodeWords(String[] words) {
        long[][] wordIds = new long[words.length][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        for (int i = 0; i < words.length; i++) {
            String word = withoutLoneSurrogates(words[i]);
            wordIds[i] = wordEncodings.get(word);
            if (wordIds[i] == null) {
                missing.computeIfAbsent(word, w -> new ArrayList<>()).add(i);
            }
        }
        if (!missing.isEmpty()) {
            encodeMissing(missing, wordIds);
        }
        return concatenated(wordIds);
    }

    /** Encodes the words not kept, in one call, and keeps and fills in each one's ids. */
    private void encodeMissing(Map<String, List<Integer>> missing, long[][] wordIds) {
        String[] distinct = missing.keySet().toArray(String[]::new);
        long encoding = TokenizersLibrary.LIB.encodeList(wordsTokenizer.getHandle(), distinct, false);
        long[] subwordIds;
        long[] wordOf;
        try {
            subwordIds = TokenizersLibrary.LIB.getTokenIds(encoding);
            wordOf = TokenizersLibrary.LIB.getWordIds(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
        int from = 0;
        for (int w = 0; w < distinct.length; w++) {
            int to = from;
            while (to < wordOf.length && wordOf[to] == w) {
                to++;
            }
            long[] ids = Arrays.copyOfRange(subwordIds, from, to);
            wordEncodings.put(distinct[w], ids);
            for (int i : missing.get(distinct[w])) {
                wordIds[i] = ids;
            }
            from = to;
        }
    }

    private static Subwords concatenated(long[][] wordIds) {
        int n = 0;
        for (long[] ids : wordIds) {
            n += ids.length;
        }
        long[] ids = new long[n];
        int[] wordOf = new int[n];
        int at = 0;
        for (int w = 0; w < wordIds.length; w++) {
            System.arraycopy(wordIds[w], 0, ids, at, wordIds[w].length);
            Arrays.fill(wordOf, at, at + wordIds[w].length, w);
            at += wordIds[w].length;
        }
        return new Subwords(ids, new String[n], new int[n], new int[n], new int[n], wordOf);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            tokenizer.close();
            if (wordsTokenizer != tokenizer) {
                wordsTokenizer.close();
            }
        }
    }

    private static HuggingFaceTokenizer load(TokenizerDefinition definition, String json) throws ModelLoadException {
        try {
            return HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(
                    definition.source(), "is not a tokenizer the tokenizers library accepts: " + e.getMessage(), e);
        }
    }

    private static int[] contentRange(long[] specialMask) {
        int first = 0;
        while (first < specialMask.length && specialMask[first] == 1) {
            first++;
        }
        int last = specialMask.length;
        while (last > first && specialMask[last - 1] == 1) {
            last--;
        }
        return new int[] {first, last};
    }

    private static int[] codePointToUtf16(String text) {
        int[] map = new int[text.codePointCount(0, text.length()) + 1];
        int index = 0;
        for (int cp = 0; cp < map.length - 1; cp++) {
            map[cp] = index;
            index += Character.charCount(text.codePointAt(index));
        }
        map[map.length - 1] = text.length();
        return map;
    }

    /**
     * Replaces each unpaired surrogate by U+FFFD, which the native tokenizer can take; both count as
     * one UTF-16 unit and one code point, so offsets stay valid for the caller's string.
     */
    private static String withoutLoneSurrogates(String text) {
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                fixed = fixed == null ? new StringBuilder(text) : fixed;
                fixed.setCharAt(i, '\uFFFD');
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
