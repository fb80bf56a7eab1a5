package io.github.bertner;

import java.nio.file.Path;

/** Paths to the test data in {@code testdata/} (the tests run from the project root). */
final class TestModels {
    static final Path MINI = Path.of("testdata", "danish-ner-mini");
    /** The demo model's weights as transformers saved them, laid out like its Hugging Face repository. */
    static final Path MINI_CHECKPOINT = Path.of("testdata", "danish-ner-mini-hf");
    static final Path PARITY = Path.of("testdata", "parity", "dane-test-pipeline.json");
    static final Path DANE_TEST = Path.of("testdata", "dane", "ddt.test.bio.tsv");

    private TestModels() {}

    static Tagger mini(Aggregation aggregation) throws ModelLoadException {
        return Tagger.load(MINI, TaggerConfig.builder().aggregation(aggregation).build());
    }
}
