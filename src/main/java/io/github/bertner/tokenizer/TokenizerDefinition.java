package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.TokenizerSettings;
import io.github.bertner.model.JsonFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A tokenizer in the Hugging Face {@code tokenizer.json} format: read from a model directory, or built from the
 * directory's original tokenizer files ({@code vocab.txt}, {@code sentencepiece.bpe.model}, {@code spm.model}, or
 * {@code vocab.json} and {@code merges.txt}) exactly as transformers 5.18 builds it when it loads them (see
 * {@link TokenizerLayout}). A {@code tokenizer.json} always wins over the original files.
 *
 * @param json the {@code tokenizer.json} text
 * @param wordsJson the {@code tokenizer.json} text for pre-tokenized words (host tokens), where it differs: a
 *     RoBERTa or DeBERTa byte-level tokenizer that adds no space before a word would encode every word as a
 *     word-internal piece, so this one adds it ({@link TokenizerLayout#prefixesWords()})
 * @param source the file it was read or built from, for messages
 * @param settings its family, normalization and vocabulary settings
 */
public record TokenizerDefinition(String json, Optional<String> wordsJson, Path source, TokenizerSettings settings) {

    /** The file name of a tokenizer in the tokenizers library's format. */
    public static final String TOKENIZER_JSON = "tokenizer.json";

    /** The share of the model's {@code vocab_size} a vocabulary built from the original files covers at least. */
    private static final double MINIMUM_COVERAGE = 0.9;

    /** The settings files a tokenizer may have beside its vocabulary, read when present. */
    public static final List<String> SETTINGS_FILES = TokenizerConfig.FILES;

    /**
     * Loads the tokenizer of a model directory: its {@code tokenizer.json}, else one built from its original files.
     *
     * @param directory the model directory
     * @return the tokenizer definition
     * @throws ModelLoadException naming the tokenizer file that is missing, unreadable or invalid
     */
    public static TokenizerDefinition of(Path directory) throws ModelLoadException {
        Path tokenizerJson = directory.resolve(TOKENIZER_JSON);
        return Files.isRegularFile(tokenizerJson) ? fromTokenizerJson(tokenizerJson) : fromOriginalFiles(directory);
    }

    /**
     * Reads a {@code tokenizer.json}, with the unknown token that the {@code tokenizer_config.json} and
     * {@code special_tokens_map.json} beside it name.
     *
     * @param file the file
     * @return its definition
     * @throws ModelLoadException if it cannot be read or is not a tokenizer
     */
    public static TokenizerDefinition fromTokenizerJson(Path file) throws ModelLoadException {
        String text = JsonFiles.readText(file);
        JsonNode root = JsonFiles.parseObject(file, text);
        if (!root.path("model").isObject()) {
            throw new ModelLoadException(file, "is not a Hugging Face tokenizer.json (no \"model\" object)");
        }
        Path directory = file.toAbsolutePath().getParent();
        TokenizerConfig config = TokenizerConfig.read(directory);
        boolean prefixesWords = TokenizerLayout.named(config.tokenizerClass(), modelType(modelConfig(directory)))
                .filter(TokenizerLayout::prefixesWords)
                .isPresent();
        return new TokenizerDefinition(
                text,
                prefixesWords ? wordsJson(((ObjectNode) root).deepCopy()) : Optional.empty(),
                file,
                TokenizerSettingsJson.read(root, Optional.empty(), config.namedSpecial("unk_token")));
    }

    /**
     * Builds the tokenizer of a directory without {@code tokenizer.json} from its original files, as transformers
     * 5.18 does: the layout from {@code tokenizer_config.json}'s {@code tokenizer_class}, else {@code config.json}'s
     * {@code model_type}, else the files present; its settings from {@code tokenizer_config.json} and
     * {@code special_tokens_map.json}.
     *
     * @param directory the directory
     * @return the tokenizer definition, its source the layout's (first) file
     * @throws ModelLoadException naming the file that is missing or invalid
     */
    public static TokenizerDefinition fromOriginalFiles(Path directory) throws ModelLoadException {
        TokenizerConfig config = TokenizerConfig.read(directory);
        Optional<JsonNode> model = modelConfig(directory);
        List<String> present = TokenizerLayout.allFiles().stream()
                .filter(file -> Files.isRegularFile(directory.resolve(file)))
                .toList();
        if (present.isEmpty()) {
            throw TokenizerLayout.missing(directory.toString());
        }
        TokenizerLayout layout =
                TokenizerLayout.choose(config.tokenizerClass(), modelType(model), present, directory.toString());
        ObjectNode root = layout.build(directory, config);
        Optional<String> unknown = Optional.of(
                config.special("unk_token", layout.defaultUnknownToken()).content());
        Path source = directory.resolve(layout.files().get(0));
        TokenizerSettings settings = TokenizerSettingsJson.read(root, Optional.of(layout.family()), unknown);
        checkCoversTheModel(source, settings.vocabularySize(), model);
        return new TokenizerDefinition(
                root.toString(),
                layout.prefixesWords() ? wordsJson(root.deepCopy()) : Optional.empty(),
                source,
                settings);
    }

    /**
     * This tokenizer with special tokens added, as transformers' {@code add_tokens(tokens, special_tokens=True)} adds
     * them: a token it already has keeps its id; any other is appended, taking the next id after every id in use.
     *
     * @param tokens the tokens, in order
     * @return the tokenizer with them; the same settings
     */
    public TokenizerDefinition withSpecialTokens(List<String> tokens) {
        return new TokenizerDefinition(
                withSpecialTokens(json, tokens),
                wordsJson.map(words -> withSpecialTokens(words, tokens)),
                source,
                settings);
    }

    /**
     * The id of a token the tokenizer holds as an added token.
     *
     * @param content the token
     * @return its id, or empty
     */
    public OptionalInt addedTokenId(String content) {
        for (JsonNode token : JsonFiles.parseChecked(json).path("added_tokens")) {
            if (token.path("content").asText().equals(content)) {
                return OptionalInt.of(token.path("id").asInt());
            }
        }
        return OptionalInt.empty();
    }

    private static String withSpecialTokens(String json, List<String> tokens) {
        ObjectNode root = (ObjectNode) JsonFiles.parseChecked(json);
        ArrayNode added = root.path("added_tokens").isArray()
                ? (ArrayNode) root.get("added_tokens")
                : root.putArray("added_tokens");
        Map<String, Integer> vocabulary = vocabularyIds(root.path("model").path("vocab"));
        int next =
                vocabulary.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Set<String> present = new HashSet<>();
        for (JsonNode token : added) {
            present.add(token.path("content").asText());
            next = Math.max(next, token.path("id").asInt() + 1);
        }
        for (String token : tokens) {
            if (present.add(token)) {
                Integer known = vocabulary.get(token);
                added.add(TokenizerJson.NODES
                        .objectNode()
                        .put("id", known != null ? known : next++)
                        .put("content", token)
                        .put("single_word", false)
                        .put("lstrip", false)
                        .put("rstrip", false)
                        .put("normalized", false)
                        .put("special", true));
            }
        }
        return root.toString();
    }

    /** A tokenizer model's vocabulary: a {@code token → id} object, or Unigram's list of {@code [token, score]}. */
    private static Map<String, Integer> vocabularyIds(JsonNode vocab) {
        Map<String, Integer> ids = new HashMap<>();
        if (vocab.isArray()) {
            for (int id = 0; id < vocab.size(); id++) {
                ids.put(vocab.get(id).path(0).asText(), id);
            }
        } else {
            vocab.fields()
                    .forEachRemaining(
                            entry -> ids.put(entry.getKey(), entry.getValue().asInt()));
        }
        return ids;
    }

    /**
     * A vocabulary file that ends at a line end parses whether or not it was cut short; one that gives far fewer
     * tokens than the model's embedding table has rows ({@code vocab_size}, which may pad the vocabulary a little)
     * is taken for a truncated one.
     */
    private static void checkCoversTheModel(Path source, int tokens, Optional<JsonNode> model)
            throws ModelLoadException {
        JsonNode size = model.map(config -> config.get("vocab_size")).orElse(null);
        if (size != null && size.canConvertToInt() && tokens < MINIMUM_COVERAGE * size.asInt()) {
            throw new ModelLoadException(
                    source,
                    "holds " + tokens + " tokens, far fewer than the " + size.asInt()
                            + " of the model's vocab_size in config.json: it is truncated, or belongs to another model");
        }
    }

    /** The tokenizer with {@code add_prefix_space} set, if it was not. */
    private static Optional<String> wordsJson(ObjectNode root) {
        boolean changed = addPrefixSpace(root.path("pre_tokenizer")) | addPrefixSpace(root.path("post_processor"));
        return changed ? Optional.of(root.toString()) : Optional.empty();
    }

    private static boolean addPrefixSpace(JsonNode part) {
        boolean changed = false;
        String type = part.path("type").asText("");
        if ((type.equals("ByteLevel") || type.equals("RobertaProcessing"))
                && !part.path("add_prefix_space").asBoolean(false)) {
            ((ObjectNode) part).put("add_prefix_space", true);
            changed = true;
        }
        for (JsonNode child : part.path("pretokenizers")) {
            changed |= addPrefixSpace(child);
        }
        for (JsonNode child : part.path("processors")) {
            changed |= addPrefixSpace(child);
        }
        return changed;
    }

    private static Optional<String> modelType(Optional<JsonNode> model) {
        JsonNode modelType = model.map(config -> config.get("model_type")).orElse(null);
        return modelType != null && modelType.isTextual() ? Optional.of(modelType.asText()) : Optional.empty();
    }

    /** The model's {@code config.json} beside the tokenizer, if there is one. */
    private static Optional<JsonNode> modelConfig(Path directory) throws ModelLoadException {
        Path config = directory.resolve("config.json");
        return Files.isRegularFile(config) ? Optional.of(JsonFiles.readObject(config)) : Optional.empty();
    }
}
