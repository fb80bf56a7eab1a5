package io.github.bertner;

import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.ConversionOptions;
import io.github.bertner.tagger.Tagger;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The demo checkpoint converted in Java gives the Hugging Face pipeline's entities, for every strategy. */
@Tag("parity")
class ConvertedModelParityTest {
    @TempDir
    static Path temp;

    private static Path converted;

    @BeforeAll
    static void convert() throws Exception {
        converted = temp.resolve("converted");
        CheckpointConverter.convert(TestModels.MINI_CHECKPOINT, converted, ConversionOptions.DEFAULTS);
    }

    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void entitiesEqualTheHuggingFacePipeline(Aggregation aggregation) throws Exception {
        try (Tagger tagger = TestModels.tagger(
                converted, RecognizerConfig.builder().aggregation(aggregation).build())) {
            HuggingFaceParityTest.assertEqualsPipeline(tagger, aggregation);
        }
    }
}
