package io.github.bertner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a {@code tokenizer.json} says about normalization and its vocabulary, for alignment and for
 * users who check an export.
 *
 * @param modelType the tokenizer model ({@code WordPiece}, {@code BPE}, {@code Unigram}, …)
 * @param vocabularySize entries in the tokenizer model's vocabulary
 * @param lowercase whether the normalizer lowercases
 * @param stripAccents whether the normalizer removes accents (a Danish model must keep them)
 * @param continuingSubwordPrefix the prefix that marks a word-internal piece ({@code ##}), if any
 * @param unknownToken the unknown token ({@code [UNK]}), if any
 */
public record TokenizerSettings(
        String modelType,
        int vocabularySize,
        boolean lowercase,
        boolean stripAccents,
        Optional<String> continuingSubwordPrefix,
        Optional<String> unknownToken) {

    /**
     * Reads the settings from a parsed {@code tokenizer.json}.
     *
     * @param root the parsed file
     * @return its settings
     */
    static TokenizerSettings of(JsonNode root) {
        JsonNode model = root.path("model");
        boolean[] normalizer = normalizerFlags(root.path("normalizer"));
        return new TokenizerSettings(
                model.path("type").asText("unknown"),
                model.path("vocab").size(),
                normalizer[0],
                normalizer[1],
                text(model.get("continuing_subword_prefix")),
                unknownToken(model));
    }

    private static boolean[] normalizerFlags(JsonNode normalizer) {
        boolean[] flags = new boolean[2];
        collect(normalizer, flags);
        return flags;
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

    private static Optional<String> unknownToken(JsonNode model) {
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

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty()
                ? Optional.of(node.asText())
                : Optional.empty();
    }
}
