package io.github.bertner.tokenizer;

import io.github.bertner.ModelLoadException;
import io.github.bertner.model.SpanModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The tokenizer a GLiNER span model runs, found where GLiNER finds it, with the tokens GLiNER adds. */
public final class SpanModelTokenizer {
    private SpanModelTokenizer() {}

    /**
     * Whether a directory has tokenizer files of its own ({@code tokenizer.json} or the original files): GLiNER then
     * reads its tokenizer there rather than from the backbone.
     *
     * @param directory the directory
     * @return true if it has them
     */
    public static boolean hasTokenizer(Path directory) {
        return Files.isRegularFile(directory.resolve(TokenizerDefinition.TOKENIZER_JSON))
                || TokenizerLayout.allFiles().stream().anyMatch(file -> Files.isRegularFile(directory.resolve(file)));
    }

    /**
     * The tokenizer a model runs: the model's own, else its backbone's, with GLiNER's tokens added as GLiNER adds
     * them (to the end of the vocabulary, where the tokenizer does not have them yet).
     *
     * @param config the model's {@code gliner_config.json}
     * @param model the model directory
     * @param backbone a directory with the backbone's files, for a model without a tokenizer
     * @return the tokenizer
     * @throws ModelLoadException naming the directory without a tokenizer, or the tokenizer file that is invalid
     */
    public static TokenizerDefinition of(SpanModelConfig config, Path model, Optional<Path> backbone)
            throws ModelLoadException {
        Path source = hasTokenizer(model)
                ? model
                : backbone.filter(SpanModelTokenizer::hasTokenizer).orElse(null);
        if (source == null) {
            throw new ModelLoadException(
                    model,
                    "has no tokenizer, and GLiNER takes it from its backbone " + config.backbone()
                            + ", which is not here: load the model as hf:ORG/NAME (its backbone is fetched too),"
                            + " convert it with bert-ner convert --backbone DIR (a folder with the backbone's files),"
                            + " or copy the backbone's tokenizer files (such as spm.model and tokenizer_config.json)"
                            + " into this folder");
        }
        return TokenizerDefinition.of(source).withSpecialTokens(config.addedTokens());
    }

    /**
     * The token id of the entity marker, checked against {@code class_token_index} where the config has it.
     *
     * @param config the model's {@code gliner_config.json}
     * @param tokenizer the model's tokenizer
     * @return the id
     * @throws ModelLoadException naming the config file when the tokenizer gives the marker another id
     */
    public static int classToken(SpanModelConfig config, TokenizerDefinition tokenizer) throws ModelLoadException {
        int id = tokenizer.addedTokenId(config.entityToken()).orElseThrow();
        if (config.classTokenIndex().isPresent() && config.classTokenIndex().get() != id) {
            throw new ModelLoadException(
                    config.file(),
                    "class_token_index is " + config.classTokenIndex().get() + ", but the tokenizer "
                            + tokenizer.source() + " gives " + config.entityToken() + " the id " + id
                            + ": the tokenizer is not the one this model was trained with");
        }
        return id;
    }
}
