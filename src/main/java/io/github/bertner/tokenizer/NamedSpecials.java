package io.github.bertner.tokenizer;

/**
 * The named special tokens of a family of tokenizer classes with their defaults, in the order transformers
 * registers them ({@code bos}, {@code eos}, {@code unk}, {@code sep}, {@code pad}, {@code cls}, {@code mask}).
 */
enum NamedSpecials {
    /** BERT's: no sequence marks of their own beyond {@code [CLS]} and {@code [SEP]}. */
    BERT(new String[][] {
        {"unk_token", "[UNK]"},
        {"sep_token", "[SEP]"},
        {"pad_token", "[PAD]"},
        {"cls_token", "[CLS]"},
        {"mask_token", "[MASK]"}
    }),
    /** RoBERTa's, XLM-RoBERTa's and CamemBERT's ({@code <s>}, {@code </s>}, …). */
    FAIRSEQ(new String[][] {
        {"bos_token", "<s>"},
        {"eos_token", "</s>"},
        {"unk_token", "<unk>"},
        {"sep_token", "</s>"},
        {"pad_token", "<pad>"},
        {"cls_token", "<s>"},
        {"mask_token", "<mask>"}
    }),
    /** DeBERTa's ({@code [CLS]}, {@code [SEP]}, …). */
    DEBERTA(new String[][] {
        {"bos_token", "[CLS]"},
        {"eos_token", "[SEP]"},
        {"unk_token", "[UNK]"},
        {"sep_token", "[SEP]"},
        {"pad_token", "[PAD]"},
        {"cls_token", "[CLS]"},
        {"mask_token", "[MASK]"}
    });

    private final String[][] defaults;

    NamedSpecials(String[][] defaults) {
        this.defaults = defaults;
    }

    /** A special token as the settings name it, else this family's default. */
    SpecialToken get(TokenizerConfig config, String key) {
        for (String[] entry : defaults) {
            if (entry[0].equals(key)) {
                return config.special(key, entry[1]);
            }
        }
        throw new IllegalArgumentException(this + " has no " + key);
    }

    /**
     * The mask token, taking the space before it where the class makes it so (CamemBERT, DeBERTa v1) and the
     * settings do not give its flags.
     */
    SpecialToken mask(TokenizerConfig config, boolean leftStripping) {
        SpecialToken mask = get(config, "mask_token");
        return leftStripping && !config.isObject("mask_token") ? mask.leftStripping() : mask;
    }

    /** Registers every named special token, in transformers' order, with the given mask token. */
    void register(AddedTokens added, TokenizerConfig config, SpecialToken mask) {
        for (String[] entry : defaults) {
            added.add(entry[0].equals("mask_token") ? mask : config.special(entry[0], entry[1]), true);
        }
    }
}
