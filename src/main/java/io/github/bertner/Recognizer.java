package io.github.bertner;

import io.github.bertner.zeroshot.SpanModelConfig;
import io.github.bertner.zeroshot.SpanRecognizer;
import java.nio.file.Path;
import java.util.List;

/**
 * Named-entity recognition by either kind of model, so that an adapter need not care which is behind it: a fine-tuned
 * token classifier ({@link Tagger}) or a zero-shot span model ({@link SpanRecognizer}, GLiNER). Every call says which
 * {@link EntityTypes} it wants: a span model finds the types named; a token classifier finds its own types
 * ({@link EntityTypes#model()}), or those of them named.
 *
 * <p><b>Raw-text mode</b> ({@link #tag(List, EntityTypes)}) gives entities with UTF-16 offsets into the caller's
 * string; <b>host-token mode</b> ({@link #tagTokens(List, EntityTypes)}) takes the caller's tokens and gives spans over
 * token indices. Implementations are thread-safe; {@link #close()} waits for the calls in flight.
 */
public interface Recognizer extends AutoCloseable {

    /**
     * Loads a model of either kind from a directory, a Hub repository ({@code hf:ORG/NAME}) or the class path,
     * fetching and converting it first where needed: a GLiNER model ({@code gliner_config.json}) as a
     * {@link SpanRecognizer}, any other as a {@link Tagger}.
     *
     * @param location where the model is
     * @param config how to load and run it
     * @return the recognizer
     * @throws ModelLoadException naming the file, tensor, repository or endpoint at fault
     */
    static Recognizer load(ModelLocation location, TaggerConfig config) throws ModelLoadException {
        Arguments.require(location, "location");
        Arguments.require(config, "config");
        return loadDirectory(location.resolve(config.quantized()), config);
    }

    /**
     * Loads a model directory in the ONNX export layout, as it is, whichever kind it holds.
     *
     * @param directory the directory
     * @param config how to run it
     * @return the recognizer
     * @throws ModelLoadException naming the missing or invalid file
     */
    static Recognizer loadDirectory(Path directory, TaggerConfig config) throws ModelLoadException {
        if (directory != null && SpanModelConfig.isSpanModel(directory)) {
            return SpanRecognizer.loadDirectory(directory, config);
        }
        return Tagger.loadDirectory(directory, config);
    }

    /**
     * The model this recognizer runs.
     *
     * @return its kind, files, labels, inputs and tokenizer settings
     */
    ModelInfo info();

    /**
     * The configuration this recognizer was loaded with.
     *
     * @return the configuration
     */
    TaggerConfig config();

    /**
     * Finds the entities of many texts, batched together (raw-text mode).
     *
     * @param texts the texts; none may be null
     * @param types the entity types to find
     * @return for each text, its entities in order of start, offsets in UTF-16 code units of that text
     * @throws IllegalArgumentException naming the first null text, or types the model cannot find
     */
    List<List<Entity>> tag(List<String> texts, EntityTypes types);

    /**
     * Finds the entities of one text (raw-text mode).
     *
     * @param text the text; may be empty
     * @param types the entity types to find
     * @return its entities in order of start, offsets in UTF-16 code units of {@code text}
     * @throws IllegalArgumentException if {@code text} is null, or the model cannot find the types
     */
    default List<Entity> tag(String text, EntityTypes types) {
        return tag(List.of(Arguments.require(text, "text")), types).get(0);
    }

    /**
     * Finds the entities of many sentences given as host tokens, batched together (host-token mode).
     *
     * @param sentences the sentences; the arrays are not modified
     * @param types the entity types to find
     * @return for each sentence, its entities as token-index spans, in order of start
     * @throws IllegalArgumentException naming the first null sentence or token, or types the model cannot find
     */
    List<List<TokenSpan>> tagTokens(List<String[]> sentences, EntityTypes types);

    /**
     * Finds the entities of one sentence given as host tokens (host-token mode).
     *
     * @param tokens the host tokens; the array is not modified
     * @param types the entity types to find
     * @return entities as token-index spans, in order of start
     * @throws IllegalArgumentException naming a null token, or types the model cannot find
     */
    default List<TokenSpan> tagTokens(String[] tokens, EntityTypes types) {
        return tagTokens(List.<String[]>of(Arguments.requireTokens(tokens, "tokens")), types)
                .get(0);
    }

    /**
     * Labels every host token with BIO labels: {@code B-} on an entity's first token, {@code I-} on its others,
     * {@code O} outside entities, and a score (see {@link TokenLabels}).
     *
     * @param sentences the sentences; the arrays are not modified
     * @param types the entity types to find
     * @return for each sentence, one label and score per token
     * @throws IllegalArgumentException naming the first null sentence or token, or types the model cannot find
     */
    List<TokenLabels> labelTokens(List<String[]> sentences, EntityTypes types);

    /**
     * Whether {@link #close()} was called: a closed recognizer refuses every call.
     *
     * @return true once closed
     */
    boolean isClosed();

    /** Releases the native resources once the calls in flight have finished; idempotent. */
    @Override
    void close();
}
