package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@code tokenizer.json} says about its family, normalization and vocabulary, for alignment and for users
 * who check an export.
 *
 * @param family the tokenizer family, for example {@code WordPiece}, {@code SentencePiece Unigram, XLM-RoBERTa ids}
 *     or {@code byte-level BPE}
 * @param modelType the tokenizer model ({@code WordPiece}, {@code BPE}, {@code Unigram}, …)
 * @param vocabularySize entries in the tokenizer model's vocabulary (added tokens beyond it not counted)
 * @param lowercase whether the normalizer lowercases
 * @param stripAccents whether the normalizer removes accents (a Danish model must keep them)
 * @param continuingSubwordPrefix the prefix that marks a word-internal piece ({@code ##}), if any
 * @param unknownToken the unknown token as the tokenizer's settings name it ({@code [UNK]}, {@code <unk>}), if any
 * @param unknownTokenId its id, if the tokenizer has it: a sub-token with this id always starts a word
 */
public record TokenizerSettings(
        String family,
        String modelType,
        int vocabularySize,
        boolean lowercase,
        boolean stripAccents,
        Optional<String> continuingSubwordPrefix,
        Optional<String> unknownToken,
        OptionalInt unknownTokenId) {

    /**
     * Reads the settings from a parsed {@code tokenizer.json}.
     *
     * @param root the parsed file
     * @param family the family, where the builder knows it; else read from the file
     * @param unknownToken the unknown token the tokenizer's settings name; else the model's own
     * @return its settings
     */
    static TokenizerSettings of(JsonNode root, Optional<String> family, Optional<String> unknownToken) {
        JsonNode model = root.path("model");
        boolean[] normalizer = new boolean[2];
        collect(root.path("normalizer"), normalizer);
        Optional<String> unk = unknownToken.or(() -> modelUnknownToken(model));
        return new TokenizerSettings(
                family.orElseGet(() -> family(root)),
                model.path("type").asText("unknown"),
                model.path("vocab").size(),
                normalizer[0],
                normalizer[1],
                text(model.get("continuing_subword_prefix")),
                unk,
                unk.map(token -> id(root, token))
                        .filter(id -> id >= 0)
                        .map(OptionalInt::of)
                        .orElse(OptionalInt.empty()));
    }

    private static String family(JsonNode root) {
        String type = root.path("model").path("type").asText("unknown");
        return switch (type) {
            case "Unigram" -> "SentencePiece Unigram";
            case "BPE" -> root.path("pre_tokenizer").toString().contains("\"ByteLevel\"") ? "byte-level BPE" : "BPE";
            default -> type;
        };
    }

    private static void collect(JsonNode normalizer, boolean[] flags) {
        switch (normalizer.path("type").asText("")) {
            case "Sequence" -> normalizer.path("normalizers").forEach(child -> collect(child, flags));
            case "Lowercase" -> flags[0] = true;
            case "StripAccents" -> flags[1] = true;
            case "BertNormalizer" -> {
                boolean lowercase = normalizer.path("lowercase").asBoolean(true);
                JsonNode strip = normalizer.get("strip_accents");
                flags[0] |= lowercase;
                flags[1] |= strip == null || strip.isNull() ? lowercase : strip.asBoolean();
            }
            default -> {}
        }
    }

    private static Optional<String> modelUnknownToken(JsonNode model) {
        JsonNode unk = model.get("unk_token");
        if (unk != null && unk.isTextual()) {
            return Optional.of(unk.asText());
        }
        JsonNode unkId = model.get("unk_id");
        if (unkId != null && unkId.canConvertToInt() && model.path("vocab").isArray()) {
            return text(model.path("vocab").path(unkId.asInt()).path(0));
        }
        return Optional.empty();
    }

    /** A token's id as the tokenizer maps it: an added token first, then the model's vocabulary; -1 if absent. */
    private static int id(JsonNode root, String token) {
        for (JsonNode added : root.path("added_tokens")) {
            if (token.equals(added.path("content").asText(null))) {
                return added.path("id").asInt(-1);
            }
        }
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            return vocab.path(token).asInt(-1);
        }
        int id = -1;
        for (int i = 0; i < vocab.size(); i++) {
            if (token.equals(vocab.get(i).path(0).asText(null))) {
                id = i;
            }
        }
        return id;
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty()
                ? Optional.of(node.asText())
                : Optional.empty();
    }
}
