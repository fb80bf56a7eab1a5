package io.github.bertner;

import io.github.bertner.tagger.Tagger;
import java.nio.file.Path;

/** Paths to the test data in {@code testdata/}, defined here once (the tests run from the project root). */
public final class TestModels {
    /** The demo model, an ONNX export. */
    public static final Path MINI = Path.of("testdata", "danish-ner-mini");
    /** The demo model's weights as transformers saved them, laid out like its Hugging Face repository. */
    public static final Path MINI_CHECKPOINT = Path.of("testdata", "danish-ner-mini-hf");
    /** The Hugging Face pipeline's output for DaNE test with the demo model. */
    public static final Path PARITY = Path.of("testdata", "parity", "dane-test-pipeline.json");
    /** DaNE test, tab-separated, BIO labels. */
    public static final Path DANE_TEST = Path.of("testdata", "dane", "ddt.test.bio.tsv");
    /** The Danish BERT vocabulary and tokenizer configuration. */
    public static final Path DANISH_VOCABULARY = Path.of("testdata", "danish-bert-vocab");
    /** Tiny models with unusual inputs. */
    public static final Path TINY_MODELS = Path.of("testdata", "tiny-models");
    /** One tiny state dict in every checkpoint format, with torch's logits for it. */
    public static final Path TINY_CHECKPOINTS = Path.of("testdata", "tiny-checkpoints");
    /** A model directory that does not exist. */
    public static final Path MISSING = Path.of("testdata", "no-such-model");

    private TestModels() {}

    static Tagger mini(Aggregation aggregation) throws ModelLoadException {
        return tagger(MINI, RecognizerConfig.builder().aggregation(aggregation).build());
    }

    /**
     * A token classifier loaded as users load one, through {@link Recognizers}, for the tests of what only a
     * {@link Tagger} offers (calls without entity types, its batches).
     *
     * @param model a model directory or checkpoint
     * @return the tagger, with the default configuration
     * @throws ModelLoadException naming what is wrong with the model
     */
    public static Tagger tagger(Path model) throws ModelLoadException {
        return tagger(model, RecognizerConfig.defaults());
    }

    /**
     * A token classifier loaded through {@link Recognizers}.
     *
     * @param model a model directory or checkpoint
     * @param config the configuration
     * @return the tagger
     * @throws ModelLoadException naming what is wrong with the model
     */
    public static Tagger tagger(Path model, RecognizerConfig config) throws ModelLoadException {
        Recognizer recognizer = Recognizers.load(model, config);
        if (recognizer instanceof Tagger tagger) {
            return tagger;
        }
        recognizer.close();
        throw new AssertionError(model + " is not a token classifier");
    }
}
