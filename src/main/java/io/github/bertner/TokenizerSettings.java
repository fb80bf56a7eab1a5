package io.github.bertner;

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
        OptionalInt unknownTokenId) {}
