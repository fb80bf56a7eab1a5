package io.github.bertner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A tokenizer in the Hugging Face {@code tokenizer.json} format: read from a model directory, or built
 * from {@code vocab.txt} and {@code tokenizer_config.json} as the equivalent BERT WordPiece tokenizer.
 *
 * @param json the {@code tokenizer.json} text
 * @param source the file it was read or built from, for messages
 * @param settings its normalization and vocabulary settings
 */
public record TokenizerDefinition(String json, Path source, TokenizerSettings settings) {

    /** The file that names a tokenizer's special tokens beside {@code tokenizer_config.json}. */
    public static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Loads the tokenizer of a model directory.
     *
     * @param files the model's files
     * @return the tokenizer definition
     * @throws ModelLoadException if a tokenizer file cannot be read or is invalid
     */
    public static TokenizerDefinition of(ModelFiles files) throws ModelLoadException {
        if (files.tokenizerJson().isPresent()) {
            return fromTokenizerJson(files.tokenizerJson().get());
        }
        Path specialTokensMap = files.directory().resolve(SPECIAL_TOKENS_MAP);
        return fromVocabulary(
                files.vocabulary().orElseThrow(),
                files.tokenizerConfig(),
                Files.isRegularFile(specialTokensMap) ? Optional.of(specialTokensMap) : Optional.empty());
    }

    /**
     * Reads a {@code tokenizer.json}.
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
        return new TokenizerDefinition(text, file, TokenizerSettings.of(root));
    }

    /**
     * Builds the BERT WordPiece tokenizer that {@code transformers}' {@code BertTokenizerFast} makes from
     * a vocabulary: {@code BertNormalizer} with {@code do_lower_case} and {@code strip_accents} from
     * {@code tokenizer_config.json} (lowercase by default; accents stripped only where the file does not
     * say otherwise and lowercasing is on), {@code BertPreTokenizer}, WordPiece with {@code ##} and
     * {@code [CLS] … [SEP]} post-processing. Blank lines in the vocabulary are entries (they keep their
     * ids). Special tokens come from {@code special_tokens_map.json} where it names them (as transformers
     * reads it), else from {@code tokenizer_config.json}, else BERT's defaults.
     *
     * @param vocabulary {@code vocab.txt}, one token per line, line number = id
     * @param tokenizerConfig {@code tokenizer_config.json}, if present
     * @param specialTokensMap {@code special_tokens_map.json}, if present
     * @return the equivalent tokenizer definition
     * @throws ModelLoadException if a file cannot be read, or a special token is not in the vocabulary
     */
    public static TokenizerDefinition fromVocabulary(
            Path vocabulary, Optional<Path> tokenizerConfig, Optional<Path> specialTokensMap)
            throws ModelLoadException {
        ObjectNode config = tokenizerConfig.isPresent()
                ? JsonFiles.readObject(tokenizerConfig.get()).deepCopy()
                : NODES.objectNode();
        if (specialTokensMap.isPresent()) {
            JsonFiles.readObject(specialTokensMap.get())
                    .properties()
                    .forEach(entry -> config.set(entry.getKey(), entry.getValue()));
        }
        List<String> tokens = vocabularyLines(JsonFiles.readText(vocabulary));
        ObjectNode vocab = NODES.objectNode();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        boolean lowercase = config.path("do_lower_case").asBoolean(true);
        JsonNode strip = config.get("strip_accents");
        ObjectNode root = NODES.objectNode();
        root.put("version", "1.0");
        root.set("truncation", NODES.nullNode());
        root.set("padding", NODES.nullNode());
        root.set("added_tokens", addedTokens(vocabulary, vocab, config));
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        normalizer.put(
                "handle_chinese_chars", config.path("tokenize_chinese_chars").asBoolean(true));
        if (strip == null || strip.isNull()) {
            normalizer.putNull("strip_accents");
        } else {
            normalizer.put("strip_accents", strip.asBoolean());
        }
        normalizer.put("lowercase", lowercase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        root.set("post_processor", postProcessor(vocabulary, vocab, config));
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", "##");
        decoder.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", special(config, "unk_token", "[UNK]"));
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        model.set("vocab", vocab);
        String json = root.toString();
        return new TokenizerDefinition(json, vocabulary, TokenizerSettings.of(root));
    }

    private static List<String> vocabularyLines(String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return body.lines()
                .map(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line)
                .toList();
    }

    private static ArrayNode addedTokens(Path vocabulary, ObjectNode vocab, JsonNode config) throws ModelLoadException {
        ArrayNode added = NODES.arrayNode();
        for (String[] special : specials()) {
            String token = special(config, special[0], special[1]);
            ObjectNode entry = added.addObject();
            entry.put("id", id(vocabulary, vocab, token));
            entry.put("content", token);
            entry.put("single_word", false);
            entry.put("lstrip", false);
            entry.put("rstrip", false);
            entry.put("normalized", false);
            entry.put("special", true);
        }
        return added;
    }

    private static String[][] specials() {
        return new String[][] {
            {"pad_token", "[PAD]"},
            {"unk_token", "[UNK]"},
            {"cls_token", "[CLS]"},
            {"sep_token", "[SEP]"},
            {"mask_token", "[MASK]"}
        };
    }

    private static ObjectNode postProcessor(Path vocabulary, ObjectNode vocab, JsonNode config)
            throws ModelLoadException {
        ObjectNode post = NODES.objectNode();
        post.put("type", "BertProcessing");
        String sep = special(config, "sep_token", "[SEP]");
        String cls = special(config, "cls_token", "[CLS]");
        post.putArray("sep").add(sep).add(id(vocabulary, vocab, sep));
        post.putArray("cls").add(cls).add(id(vocabulary, vocab, cls));
        return post;
    }

    private static String special(JsonNode config, String key, String fallback) {
        JsonNode node = config.get(key);
        if (node != null && node.isTextual()) {
            return node.asText();
        }
        if (node != null && node.path("content").isTextual()) {
            return node.path("content").asText();
        }
        return fallback;
    }

    private static int id(Path vocabulary, ObjectNode vocab, String token) throws ModelLoadException {
        JsonNode id = vocab.get(token);
        if (id == null) {
            throw new ModelLoadException(vocabulary, "has no entry for the special token " + token);
        }
        return id.asInt();
    }
}
