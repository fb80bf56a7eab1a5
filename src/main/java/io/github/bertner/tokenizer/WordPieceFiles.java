package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import java.nio.file.Path;
import java.util.List;

/**
 * The WordPiece tokenizer that transformers 5.18's {@code BertTokenizer} builds from {@code vocab.txt} (BERT,
 * DistilBERT, ELECTRA): {@code BertNormalizer} with {@code do_lower_case} (default true), {@code strip_accents}
 * (default: strip where lowercasing) and {@code tokenize_chinese_chars} (default true), {@code BertPreTokenizer},
 * WordPiece with {@code ##}, and {@code [CLS] $A [SEP]}. Line number = id: blank lines are entries.
 */
final class WordPieceFiles {
    static final String VOCABULARY = "vocab.txt";

    private WordPieceFiles() {}

    static ObjectNode build(Path directory, TokenizerConfig config) throws ModelLoadException {
        List<String> tokens = LineFiles.read(directory.resolve(VOCABULARY));
        ObjectNode vocab = TokenizerJson.NODES.objectNode();
        for (int id = 0; id < tokens.size(); id++) {
            vocab.put(tokens.get(id), id);
        }
        AddedTokens added = new AddedTokens(token -> vocab.path(token).asInt(-1), tokens.size());
        NamedSpecials.BERT.register(added, config, NamedSpecials.BERT.get(config, "mask_token"));
        String cls = NamedSpecials.BERT.get(config, "cls_token").content();
        String sep = NamedSpecials.BERT.get(config, "sep_token").content();
        ObjectNode model = TokenizerJson.part("WordPiece")
                .put("unk_token", NamedSpecials.BERT.get(config, "unk_token").content())
                .put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        model.set("vocab", vocab);
        return TokenizerJson.document(
                added,
                normalizer(config),
                TokenizerJson.part("BertPreTokenizer"),
                TokenizerJson.template(
                        cls + ":0 $A:0 " + sep + ":0", cls + ":0 $A:0 " + sep + ":0 $B:1 " + sep + ":1", added),
                TokenizerJson.part("WordPiece").put("prefix", "##").put("cleanup", true),
                model);
    }

    private static ObjectNode normalizer(TokenizerConfig config) {
        ObjectNode normalizer = TokenizerJson.part("BertNormalizer")
                .put("clean_text", true)
                .put("handle_chinese_chars", config.flag("tokenize_chinese_chars", true));
        config.optionalFlag("strip_accents")
                .ifPresentOrElse(
                        strip -> normalizer.put("strip_accents", strip), () -> normalizer.putNull("strip_accents"));
        return normalizer.put("lowercase", config.flag("do_lower_case", true));
    }
}
