package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.TokenizerSettings;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads {@link TokenizerSettings} from a parsed {@code tokenizer.json}. */
final class TokenizerSettingsJson {
    private TokenizerSettingsJson() {}

    /**
     * Reads the settings from a parsed {@code tokenizer.json}.
     *
     * @param root the parsed file
     * @param family the family, where the builder knows it; else read from the file
     * @param unknownToken the unknown token the tokenizer's settings name; else the model's own
     * @return its settings
     */
    static TokenizerSettings read(JsonNode root, Optional<String> family, Optional<String> unknownToken) {
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
