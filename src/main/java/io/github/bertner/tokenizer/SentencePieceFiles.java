package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Unigram tokenizers that transformers 5.18 builds from a SentencePiece model: XLM-RoBERTa's and CamemBERT's
 * from {@code sentencepiece.bpe.model} (the fairseq id orders) and DeBERTa-v2/v3's from {@code spm.model}
 * (SentencePiece's own ids). The model's CONTROL and USER_DEFINED pieces become added tokens, as the tokenizer
 * classes' named special tokens do.
 */
final class SentencePieceFiles {
    static final String FAIRSEQ_MODEL = "sentencepiece.bpe.model";
    static final String DEBERTA_MODEL = "spm.model";

    private SentencePieceFiles() {}

    /** XLM-RoBERTa: {@code <s> <pad> </s> <unk>}, the pieces from the fourth on (id + 1), {@code <mask>} last. */
    static ObjectNode xlmRoberta(Path directory, TokenizerConfig config) throws ModelLoadException {
        SentencePieceModel spm = read(directory.resolve(FAIRSEQ_MODEL), 4);
        List<Entry> vocab = new ArrayList<>();
        for (String key : new String[] {"bos_token", "pad_token", "eos_token", "unk_token"}) {
            vocab.add(new Entry(NamedSpecials.FAIRSEQ.get(config, key).content(), 0f));
        }
        spm.pieces().subList(3, spm.pieces().size()).forEach(piece -> vocab.add(Entry.of(piece)));
        SpecialToken mask = NamedSpecials.FAIRSEQ.mask(config, false);
        vocab.add(new Entry(mask.content(), 0f));
        return fairseq(spm, vocab, 3, config, mask);
    }

    /**
     * CamemBERT: {@code <s>NOTUSED <pad> </s>NOTUSED <unk> <unk>NOTUSED}, the pieces from the second on (id + 4),
     * {@code <mask>} last and taking the space before it; the model's own {@code <s>} and {@code </s>} are the
     * sequence marks.
     */
    static ObjectNode camembert(Path directory, TokenizerConfig config) throws ModelLoadException {
        SentencePieceModel spm = read(directory.resolve(FAIRSEQ_MODEL), 2);
        String unk = NamedSpecials.FAIRSEQ.get(config, "unk_token").content();
        List<Entry> vocab = new ArrayList<>(List.of(
                new Entry("<s>NOTUSED", 0f),
                new Entry(NamedSpecials.FAIRSEQ.get(config, "pad_token").content(), 0f),
                new Entry("</s>NOTUSED", 0f),
                new Entry(unk, 0f),
                new Entry("<unk>NOTUSED", -100f)));
        spm.pieces().subList(1, spm.pieces().size()).forEach(piece -> vocab.add(Entry.of(piece)));
        SpecialToken mask = NamedSpecials.FAIRSEQ.mask(config, true);
        vocab.add(new Entry(mask.content(), 0f));
        return fairseq(spm, vocab, Math.max(0, firstIndex(vocab, unk)), config, mask);
    }

    /**
     * DeBERTa-v2/v3: the pieces with their own ids; the named special tokens the model lacks appended. The
     * normalizer is 5.18's own (lowercase if {@code do_lower_case}, whitespace runs to one space, NFC, right strip):
     * it ignores the model's character map.
     */
    static ObjectNode deberta(Path directory, TokenizerConfig config) throws ModelLoadException {
        SentencePieceModel spm = read(directory.resolve(DEBERTA_MODEL), 1);
        List<Entry> vocab = new ArrayList<>();
        spm.pieces().forEach(piece -> vocab.add(Entry.of(piece)));
        String unk = NamedSpecials.DEBERTA.get(config, "unk_token").content();
        // 5.18 looks up the exact pair (unk_token, 0.0), else falls back to the trainer's unk_id.
        int unkId = vocab.indexOf(new Entry(unk, 0f));
        AddedTokens added =
                addedTokens(spm, vocab, config, NamedSpecials.DEBERTA, NamedSpecials.DEBERTA.mask(config, false));
        List<JsonNode> normalizers = new ArrayList<>();
        if (config.flag("do_lower_case", false)) {
            normalizers.add(TokenizerJson.part("Lowercase"));
        }
        ObjectNode replace = TokenizerJson.part("Replace");
        replace.putObject("pattern").put("Regex", "\\s{2,}|[\\n\\r\\t]");
        normalizers.add(replace.put("content", " "));
        normalizers.add(TokenizerJson.part("NFC"));
        normalizers.add(TokenizerJson.part("Strip").put("strip_left", false).put("strip_right", true));
        List<JsonNode> preTokenizers = new ArrayList<>();
        if (config.flag("split_by_punct", false)) {
            preTokenizers.add(TokenizerJson.part("Punctuation").put("behavior", "Isolated"));
        }
        String prepend = config.flag("add_prefix_space", true) ? "always" : "first";
        preTokenizers.add(TokenizerJson.metaspace(prepend));
        String cls = NamedSpecials.DEBERTA.get(config, "cls_token").content();
        String sep = NamedSpecials.DEBERTA.get(config, "sep_token").content();
        return TokenizerJson.document(
                added,
                TokenizerJson.sequence("normalizers", normalizers.toArray(JsonNode[]::new)),
                TokenizerJson.sequence("pretokenizers", preTokenizers.toArray(JsonNode[]::new)),
                TokenizerJson.template(
                        cls + ":0 $A:0 " + sep + ":0", cls + ":0 $A:0 " + sep + ":0 $B:1 " + sep + ":1", added),
                TokenizerJson.metaspace(prepend),
                unigram(vocab, unkId >= 0 ? unkId : spm.unknownId()));
    }

    private static ObjectNode fairseq(
            SentencePieceModel spm, List<Entry> vocab, int unkId, TokenizerConfig config, SpecialToken mask) {
        AddedTokens added = addedTokens(spm, vocab, config, NamedSpecials.FAIRSEQ, mask);
        String prepend = config.flag("add_prefix_space", true) ? "always" : "never";
        byte[] charsmap = spm.precompiledCharsmap();
        JsonNode normalizer = charsmap.length == 0
                ? TokenizerJson.NODES.nullNode()
                : TokenizerJson.part("Precompiled")
                        .put("precompiled_charsmap", Base64.getEncoder().encodeToString(charsmap));
        String bos = NamedSpecials.FAIRSEQ.get(config, "bos_token").content();
        String eos = NamedSpecials.FAIRSEQ.get(config, "eos_token").content();
        return TokenizerJson.document(
                added,
                normalizer,
                TokenizerJson.sequence(
                        "pretokenizers", TokenizerJson.part("WhitespaceSplit"), TokenizerJson.metaspace(prepend)),
                TokenizerJson.template(
                        bos + ":0 $A:0 " + eos + ":0",
                        bos + ":0 $A:0 " + eos + ":0 " + eos + ":0 $B:0 " + eos + ":0",
                        added),
                TokenizerJson.metaspace(prepend),
                unigram(vocab, unkId));
    }

    /** The class's named special tokens, then the model's CONTROL (special) and USER_DEFINED pieces. */
    private static AddedTokens addedTokens(
            SentencePieceModel spm,
            List<Entry> vocab,
            TokenizerConfig config,
            NamedSpecials specials,
            SpecialToken mask) {
        Map<String, Integer> ids = new HashMap<>();
        for (int id = 0; id < vocab.size(); id++) {
            ids.put(vocab.get(id).piece(), id);
        }
        AddedTokens added = new AddedTokens(token -> ids.getOrDefault(token, -1), vocab.size());
        specials.register(added, config, mask);
        for (SentencePieceModel.Piece piece : spm.pieces()) {
            if (piece.type() == SentencePieceModel.Type.CONTROL
                    || piece.type() == SentencePieceModel.Type.USER_DEFINED) {
                added.add(SpecialToken.of(piece.piece()), piece.type() == SentencePieceModel.Type.CONTROL);
            }
        }
        return added;
    }

    private static ObjectNode unigram(List<Entry> vocab, int unkId) {
        ObjectNode model = TokenizerJson.part("Unigram").put("unk_id", unkId);
        ArrayNode list = model.putArray("vocab");
        for (Entry entry : vocab) {
            list.addArray().add(entry.piece()).add((double) entry.score());
        }
        return model.put("byte_fallback", false);
    }

    private static SentencePieceModel read(Path file, int minimumPieces) throws ModelLoadException {
        SentencePieceModel spm = SentencePieceModel.read(file);
        if (spm.pieces().size() < minimumPieces) {
            throw new ModelLoadException(
                    file,
                    "holds " + spm.pieces().size() + " pieces, fewer than the " + minimumPieces + " its layout needs");
        }
        return spm;
    }

    private static int firstIndex(List<Entry> vocab, String piece) {
        for (int i = 0; i < vocab.size(); i++) {
            if (vocab.get(i).piece().equals(piece)) {
                return i;
            }
        }
        return -1;
    }

    /** A vocabulary entry of a Unigram model. */
    private record Entry(String piece, float score) {
        static Entry of(SentencePieceModel.Piece piece) {
            return new Entry(piece.piece(), piece.score());
        }
    }
}
