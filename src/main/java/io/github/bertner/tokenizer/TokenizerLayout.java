package io.github.bertner.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.bertner.ModelLoadException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The original tokenizer files a Hugging Face repository may hold instead of {@code tokenizer.json}, one constant
 * per tokenizer class of transformers that builds a tokenizer from them. Which applies is read, as transformers
 * reads it, from {@code tokenizer_config.json}'s {@code tokenizer_class}, else from {@code config.json}'s
 * {@code model_type}, else from the files present.
 */
public enum TokenizerLayout {
    /** {@code vocab.txt}: BERT, DistilBERT, ELECTRA ({@code BertTokenizer}). */
    WORDPIECE("WordPiece", "[UNK]", List.of(WordPieceFiles.VOCABULARY)),
    /** {@code sentencepiece.bpe.model} with XLM-RoBERTa's ids ({@code XLMRobertaTokenizer}). */
    XLM_ROBERTA("SentencePiece Unigram, XLM-RoBERTa ids", "<unk>", List.of(SentencePieceFiles.FAIRSEQ_MODEL)),
    /** {@code sentencepiece.bpe.model} with CamemBERT's ids ({@code CamembertTokenizer}). */
    CAMEMBERT("SentencePiece Unigram, CamemBERT ids", "<unk>", List.of(SentencePieceFiles.FAIRSEQ_MODEL)),
    /** {@code spm.model}: DeBERTa-v2 and v3 ({@code DebertaV2Tokenizer}). */
    DEBERTA_V2("SentencePiece Unigram, DeBERTa-v2 ids", "[UNK]", List.of(SentencePieceFiles.DEBERTA_MODEL)),
    /** {@code vocab.json} and {@code merges.txt}: RoBERTa ({@code RobertaTokenizer}). */
    ROBERTA("byte-level BPE, RoBERTa", "<unk>", List.of(ByteLevelBpeFiles.VOCABULARY, ByteLevelBpeFiles.MERGES)),
    /** {@code vocab.json} and {@code merges.txt}: DeBERTa v1 ({@code DebertaTokenizer}). */
    DEBERTA("byte-level BPE, DeBERTa", "[UNK]", List.of(ByteLevelBpeFiles.VOCABULARY, ByteLevelBpeFiles.MERGES));

    private static final Map<String, TokenizerLayout> CLASSES = Map.ofEntries(
            Map.entry("BertTokenizer", WORDPIECE),
            Map.entry("DistilBertTokenizer", WORDPIECE),
            Map.entry("ElectraTokenizer", WORDPIECE),
            Map.entry("XLMRobertaTokenizer", XLM_ROBERTA),
            Map.entry("CamembertTokenizer", CAMEMBERT),
            Map.entry("DebertaV2Tokenizer", DEBERTA_V2),
            Map.entry("RobertaTokenizer", ROBERTA),
            Map.entry("DebertaTokenizer", DEBERTA));
    private static final Map<String, TokenizerLayout> MODEL_TYPES = Map.of(
            "bert", WORDPIECE,
            "distilbert", WORDPIECE,
            "electra", WORDPIECE,
            "xlm-roberta", XLM_ROBERTA,
            "camembert", CAMEMBERT,
            "deberta-v2", DEBERTA_V2,
            "roberta", ROBERTA,
            "deberta", DEBERTA);
    /** Classes that name no layout of their own: the tokenizer is whatever {@code tokenizer.json} holds. */
    private static final List<String> GENERIC_CLASSES = List.of("PreTrainedTokenizer", "TokenizersBackend");
    /** Model types whose repositories ship {@code tokenizer.json}, which transformers alone reads for them. */
    private static final List<String> TOKENIZER_JSON_ONLY = List.of("modernbert");

    private final String family;
    private final String defaultUnknownToken;
    private final List<String> files;

    TokenizerLayout(String family, String defaultUnknownToken, List<String> files) {
        this.family = family;
        this.defaultUnknownToken = defaultUnknownToken;
        this.files = files;
    }

    /**
     * The tokenizer family, for people.
     *
     * @return for example {@code "SentencePiece Unigram, XLM-RoBERTa ids"}
     */
    public String family() {
        return family;
    }

    /**
     * The files the layout is built from, relative to the model directory.
     *
     * @return the file names
     */
    public List<String> files() {
        return files;
    }

    /** The unknown token of the layout's tokenizer class, where the settings name none. */
    String defaultUnknownToken() {
        return defaultUnknownToken;
    }

    /**
     * Every original tokenizer file of some layout, for choosing the files to fetch.
     *
     * @return the file names
     */
    public static List<String> allFiles() {
        return Arrays.stream(values())
                .flatMap(layout -> layout.files.stream())
                .distinct()
                .toList();
    }

    /**
     * Whether pre-tokenized words go to this layout's tokenizer with a space before each: transformers asks
     * {@code add_prefix_space} of its byte-level RoBERTa and DeBERTa tokenizers for such input, and their NER models
     * are trained so; other tokenizers take the words as they are.
     *
     * @return true for {@link #ROBERTA} and {@link #DEBERTA}
     */
    public boolean prefixesWords() {
        return this == ROBERTA || this == DEBERTA;
    }

    /**
     * The layout that a tokenizer class, else a model type, names, if either names one.
     *
     * @param tokenizerClass {@code tokenizer_config.json}'s {@code tokenizer_class}, if given
     * @param modelType {@code config.json}'s {@code model_type}, if given
     * @return the layout
     */
    public static Optional<TokenizerLayout> named(Optional<String> tokenizerClass, Optional<String> modelType) {
        Optional<String> named = tokenizerClass.filter(name -> !GENERIC_CLASSES.contains(name));
        return named.isPresent() ? named.map(CLASSES::get) : modelType.map(MODEL_TYPES::get);
    }

    /**
     * The layout of a repository or directory without {@code tokenizer.json}.
     *
     * @param tokenizerClass {@code tokenizer_config.json}'s {@code tokenizer_class}, if given
     * @param modelType {@code config.json}'s {@code model_type}, if given
     * @param present the files present
     * @param where the directory or repository, for messages
     * @return the layout
     * @throws ModelLoadException if no layout applies, or its files are missing
     */
    public static TokenizerLayout choose(
            Optional<String> tokenizerClass, Optional<String> modelType, Collection<String> present, String where)
            throws ModelLoadException {
        Optional<String> named = tokenizerClass.filter(name -> !GENERIC_CLASSES.contains(name));
        TokenizerLayout layout;
        if (named.isPresent()) {
            layout = Optional.ofNullable(CLASSES.get(named.get()))
                    .orElseThrow(() -> new ModelLoadException(
                            where,
                            "has no tokenizer.json, and its tokenizer_class " + named.get()
                                    + " is not one bert-ner builds one for ("
                                    + String.join(
                                            ", ",
                                            CLASSES.keySet().stream().sorted().toList())
                                    + ")"));
        } else if (modelType.filter(TOKENIZER_JSON_ONLY::contains).isPresent()) {
            throw new ModelLoadException(
                    where, "has no tokenizer.json, which a " + modelType.get() + " model's tokenizer is read from");
        } else {
            layout = modelType.map(MODEL_TYPES::get).or(() -> ofFiles(present)).orElseThrow(() -> missing(where));
        }
        List<String> absent =
                layout.files.stream().filter(file -> !present.contains(file)).toList();
        if (!absent.isEmpty()) {
            throw new ModelLoadException(
                    where,
                    "has no tokenizer.json, and " + String.join(" and ", absent) + " to build its " + layout.family
                            + " tokenizer from " + (absent.size() == 1 ? "is" : "are") + " missing");
        }
        return layout;
    }

    /**
     * The error for a repository or directory with no tokenizer files at all.
     *
     * @param where the repository or directory
     * @return the error, which lists the files a tokenizer can be built from
     */
    public static ModelLoadException missing(String where) {
        return new ModelLoadException(
                where,
                "has no tokenizer.json, and none of the original tokenizer files to build one from ("
                        + Arrays.stream(values())
                                .map(layout -> String.join(" + ", layout.files))
                                .distinct()
                                .collect(Collectors.joining(", "))
                        + ")");
    }

    private static Optional<TokenizerLayout> ofFiles(Collection<String> present) {
        return Arrays.stream(values())
                .filter(layout -> layout != CAMEMBERT && layout != DEBERTA)
                .filter(layout -> present.containsAll(layout.files))
                .findFirst();
    }

    ObjectNode build(Path directory, TokenizerConfig config) throws ModelLoadException {
        return switch (this) {
            case WORDPIECE -> WordPieceFiles.build(directory, config);
            case XLM_ROBERTA -> SentencePieceFiles.xlmRoberta(directory, config);
            case CAMEMBERT -> SentencePieceFiles.camembert(directory, config);
            case DEBERTA_V2 -> SentencePieceFiles.deberta(directory, config);
            case ROBERTA -> ByteLevelBpeFiles.roberta(directory, config);
            case DEBERTA -> ByteLevelBpeFiles.deberta(directory, config);
        };
    }
}
