package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one writer of {@code tokenizer.json}: the document and the pipeline parts the builders assemble, in the form
 * the tokenizers library serializes them.
 */
final class TokenizerJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The word-start mark of SentencePiece models. */
    static final String METASPACE = "\u2581";

    private TokenizerJson() {}

    /** The whole document, its parts in the order the tokenizers library writes them; truncation and padding off. */
    static ObjectNode document(
            AddedTokens added,
            JsonNode normalizer,
            JsonNode preTokenizer,
            JsonNode postProcessor,
            JsonNode decoder,
            JsonNode model) {
        ObjectNode root = NODES.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.set("added_tokens", added.json());
        root.set("normalizer", normalizer);
        root.set("pre_tokenizer", preTokenizer);
        root.set("post_processor", postProcessor);
        root.set("decoder", decoder);
        root.set("model", model);
        return root;
    }

    /** A part with only its type. */
    static ObjectNode part(String type) {
        return NODES.objectNode().put("type", type);
    }

    /** A {@code Sequence} of normalizers or pre-tokenizers ({@code field} names the list). */
    static ObjectNode sequence(String field, JsonNode... parts) {
        ObjectNode sequence = part("Sequence");
        ArrayNode list = sequence.putArray(field);
        for (JsonNode part : parts) {
            list.add(part);
        }
        return sequence;
    }

    /** The {@code Metaspace} pre-tokenizer or decoder with {@code ▁}, splitting on it. */
    static ObjectNode metaspace(String prependScheme) {
        return part("Metaspace")
                .put("replacement", METASPACE)
                .put("prepend_scheme", prependScheme)
                .put("split", true);
    }

    /**
     * A {@code TemplateProcessing} post-processor, written as the tokenizers library's Python API takes it
     * ({@code "[CLS]:0 $A:0 [SEP]:0"}): each special token of the templates with its id.
     */
    static ObjectNode template(String single, String pair, AddedTokens added) {
        ObjectNode processor = part("TemplateProcessing");
        ObjectNode specials = NODES.objectNode();
        processor.set("single", pieces(single, added, specials));
        processor.set("pair", pieces(pair, added, specials));
        processor.set("special_tokens", specials);
        return processor;
    }

    private static ArrayNode pieces(String template, AddedTokens added, ObjectNode specials) {
        ArrayNode pieces = NODES.arrayNode();
        for (String piece : template.split(" ")) {
            int colon = piece.lastIndexOf(':');
            String id = piece.substring(0, colon);
            int typeId = Integer.parseInt(piece.substring(colon + 1));
            if (id.startsWith("$")) {
                pieces.addObject()
                        .putObject("Sequence")
                        .put("id", id.substring(1))
                        .put("type_id", typeId);
            } else {
                pieces.addObject().putObject("SpecialToken").put("id", id).put("type_id", typeId);
                ObjectNode special = specials.putObject(id).put("id", id);
                special.putArray("ids").add(added.id(id));
                special.putArray("tokens").add(id);
            }
        }
        return pieces;
    }
}
