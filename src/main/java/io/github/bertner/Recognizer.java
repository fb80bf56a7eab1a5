package io.github.bertner;

import io.github.bertner.internal.Arguments;
import java.util.List;

/**
 * Named-entity recognition by either kind of model, so that an adapter need not care which is behind it: a fine-tuned
 * token classifier ({@link ModelKind#TOKEN_CLASSIFICATION}) or a zero-shot span model ({@link ModelKind#ZERO_SHOT_SPANS},
 * GLiNER). {@link Recognizers} loads both. Every call says which
 * {@link EntityTypes} it wants: a span model finds the types named; a token classifier finds its own types
 * ({@link EntityTypes#model()}), or those of them named.
 *
 * <p><b>Raw-text mode</b> ({@link #tag(List, EntityTypes)}) gives entities with UTF-16 offsets into the caller's
 * string; <b>host-token mode</b> ({@link #tagTokens(List, EntityTypes)}) takes the caller's tokens and gives spans over
 * token indices. Implementations are thread-safe; {@link #close()} waits for the calls in flight.
 */
public interface Recognizer extends AutoCloseable {

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
    RecognizerConfig config();

    /**
     * The entity types this model finds of its own: those its labels name ({@code PER} for {@code B-PER} and
     * {@code I-PER}), in the order of the labels. A zero-shot model has none: it finds the types each call names.
     *
     * @return the model's own types; empty for a zero-shot model
     */
    List<String> entityTypes();

    /**
     * Checks that this recognizer can find the types, without tagging anything: what a caller does once, before the
     * first text, to refuse a bad option at once.
     *
     * @param types the entity types a call would ask for
     * @throws IllegalArgumentException saying why not: a type the model does not have, no types named for a zero-shot
     *     model, or span options for a token classifier
     */
    void check(EntityTypes types);

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
