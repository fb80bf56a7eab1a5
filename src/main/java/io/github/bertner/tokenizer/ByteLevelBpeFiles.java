package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import io.github.bertner.model.JsonFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The byte-level BPE tokenizers that transformers 5.18 builds from {@code vocab.json} and {@code merges.txt}:
 * RoBERTa's ({@code <s> $A </s>}, with {@code add_prefix_space} (default false) and {@code trim_offsets} (default
 * true) from {@code tokenizer_config.json}) and DeBERTa's ({@code [CLS] $A [SEP]}). Both files are checked: every
 * id is a distinct non-negative integer, and every merge joins two tokens of the vocabulary into a third.
 */
final class ByteLevelBpeFiles {
    static final String VOCABULARY = "vocab.json";
    static final String MERGES = "merges.txt";

    private ByteLevelBpeFiles() {}

    static ObjectNode roberta(Path directory, TokenizerConfig config) throws ModelLoadException {
        boolean prefixSpace = config.flag("add_prefix_space", false);
        boolean trimOffsets = config.flag("trim_offsets", true);
        ObjectNode vocab = vocabulary(directory.resolve(VOCABULARY));
        AddedTokens added = specials(vocab, config, NamedSpecials.FAIRSEQ, false);
        ObjectNode post = TokenizerJson.part("RobertaProcessing");
        String sep = NamedSpecials.FAIRSEQ.get(config, "sep_token").content();
        String cls = NamedSpecials.FAIRSEQ.get(config, "cls_token").content();
        post.putArray("sep").add(sep).add(added.id(sep));
        post.putArray("cls").add(cls).add(added.id(cls));
        post.put("trim_offsets", trimOffsets).put("add_prefix_space", prefixSpace);
        return document(directory, vocab, added, prefixSpace, post);
    }

    static ObjectNode deberta(Path directory, TokenizerConfig config) throws ModelLoadException {
        boolean prefixSpace = config.flag("add_prefix_space", false);
        ObjectNode vocab = vocabulary(directory.resolve(VOCABULARY));
        AddedTokens added = specials(vocab, config, NamedSpecials.DEBERTA, true);
        String cls = NamedSpecials.DEBERTA.get(config, "cls_token").content();
        String sep = NamedSpecials.DEBERTA.get(config, "sep_token").content();
        JsonNode post = TokenizerJson.template(
                cls + ":0 $A:0 " + sep + ":0", cls + ":0 $A:0 " + sep + ":0 " + sep + ":0 $B:0 " + sep + ":0", added);
        return document(directory, vocab, added, prefixSpace, post);
    }

    private static ObjectNode document(
            Path directory, ObjectNode vocab, AddedTokens added, boolean prefixSpace, JsonNode post)
            throws ModelLoadException {
        ObjectNode model = TokenizerJson.part("BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "")
                .put("end_of_word_suffix", "")
                .put("fuse_unk", false)
                .put("byte_fallback", false)
                .put("ignore_merges", false);
        model.set("vocab", vocab);
        model.set("merges", merges(directory.resolve(MERGES), vocab, added));
        return TokenizerJson.document(
                added, TokenizerJson.NODES.nullNode(), byteLevel(prefixSpace), post, byteLevel(true), model);
    }

    private static ObjectNode byteLevel(boolean prefixSpace) {
        return TokenizerJson.part("ByteLevel")
                .put("add_prefix_space", prefixSpace)
                .put("trim_offsets", true)
                .put("use_regex", true);
    }

    private static AddedTokens specials(
            ObjectNode vocab, TokenizerConfig config, NamedSpecials specials, boolean leftStrippingMask) {
        AddedTokens added = new AddedTokens(token -> vocab.path(token).asInt(-1), size(vocab));
        specials.register(added, config, specials.mask(config, leftStrippingMask));
        return added;
    }

    private static int size(ObjectNode vocab) {
        int size = 0;
        for (JsonNode id : vocab) {
            size = Math.max(size, id.asInt() + 1);
        }
        return size;
    }

    /** {@code vocab.json}: token to id, ids distinct and non-negative. */
    private static ObjectNode vocabulary(Path file) throws ModelLoadException {
        JsonNode root = JsonFiles.readObject(file);
        Map<Integer, String> seen = new HashMap<>();
        ObjectNode vocab = TokenizerJson.NODES.objectNode();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            JsonNode id = entry.getValue();
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0) {
                throw new ModelLoadException(
                        file, "maps \"" + entry.getKey() + "\" to " + id + ", not to a non-negative integer id");
            }
            String other = seen.put(id.asInt(), entry.getKey());
            if (other != null) {
                throw new ModelLoadException(
                        file, "gives the id " + id + " to both \"" + other + "\" and \"" + entry.getKey() + "\"");
            }
            vocab.put(entry.getKey(), id.asInt());
        }
        if (vocab.isEmpty()) {
            throw new ModelLoadException(file, "holds no tokens");
        }
        return vocab;
    }

    /**
     * {@code merges.txt}: an optional {@code #version} line, then one merge per line, two tokens separated by one
     * space, ranked by line order, as the tokenizers library reads it.
     */
    private static ArrayNode merges(Path file, ObjectNode vocab, AddedTokens added) throws ModelLoadException {
        ArrayNode merges = TokenizerJson.NODES.arrayNode();
        Set<String> produced = new HashSet<>();
        List<String> lines = LineFiles.read(file);
        for (int number = 0; number < lines.size(); number++) {
            String line = lines.get(number);
            if (line.startsWith("#version")) {
                continue;
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 2) {
                throw new ModelLoadException(
                        file, "line " + (number + 1) + " is not a merge (two tokens separated by one space)");
            }
            for (String token : new String[] {parts[0], parts[1], parts[0] + parts[1]}) {
                if (!vocab.has(token)) {
                    throw new ModelLoadException(
                            file,
                            "line " + (number + 1) + " merges \"" + parts[0] + "\" and \"" + parts[1]
                                    + "\", but vocab.json has no token \"" + token + "\"");
                }
            }
            merges.addArray().add(parts[0]).add(parts[1]);
            produced.add(parts[0] + parts[1]);
        }
        checkComplete(file, vocab, produced, added);
        return merges;
    }

    /**
     * A trained BPE produces each token of its vocabulary longer than one character (its special tokens aside) by
     * one merge; where many are produced by none, the merges were cut short, even at a line end.
     */
    private static void checkComplete(Path file, ObjectNode vocab, Set<String> produced, AddedTokens added)
            throws ModelLoadException {
        int longer = 0;
        int unreachable = 0;
        for (String token : (Iterable<String>) vocab::fieldNames) {
            if (!added.contains(token) && token.codePointCount(0, token.length()) > 1) {
                longer++;
                unreachable += produced.contains(token) ? 0 : 1;
            }
        }
        if (unreachable > longer / 10) {
            throw new ModelLoadException(
                    file,
                    "produces only " + (longer - unreachable) + " of the " + longer + " tokens of vocab.json that a"
                            + " merge makes: it is truncated, or belongs to another vocabulary");
        }
    }
}
