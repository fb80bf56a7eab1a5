package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.runtime.BatchRows;
import io.github.bertner.tagger.Tagger;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Models whose inputs differ from BERT's (testdata/tiny-models, made by the script there): the tagger
 * feeds what each declares, in the type it declares; their 16-position window shows windowing on short text.
 */
@Tag("framework")
class ModelInputsTest {
    private static final Path NO_TOKEN_TYPES = TestModels.TINY_MODELS.resolve("no-token-types");
    private static final Path INT32 = TestModels.TINY_MODELS.resolve("int32-inputs");
    private static final String TEXT =
            "Chili Jensen bor i København og Mette Jensen bor i Aarhus, og han er en Jensen. "
                    + "Chili og Mette bor på Aarhus til København.";

    @Test
    void aModelWithoutTokenTypeIdsIsFedOnlyWhatItDeclares() throws Exception {
        try (Tagger tagger = TestModels.tagger(NO_TOKEN_TYPES)) {
            assertThat(tagger.info().inputs()).isEqualTo(Set.of("input_ids", "attention_mask"));
            assertValidEntities(tagger.tag(TEXT));
        }
    }

    @Test
    void int32InputsAreFedAsInt32() throws Exception {
        try (Tagger tagger = TestModels.tagger(INT32)) {
            assertThat(tagger.info().inputs()).isEqualTo(Set.of("input_ids", "attention_mask", "token_type_ids"));
            assertValidEntities(tagger.tag(TEXT));
        }
    }

    @ParameterizedTest
    @EnumSource(WindowMerge.class)
    void aSixteenPositionWindowCoversLongInputWithoutLosingTokens(WindowMerge merge) throws Exception {
        RecognizerConfig config = RecognizerConfig.builder()
                .windowMerge(merge)
                .aggregation(Aggregation.NONE)
                .build();
        try (Tagger tagger = TestModels.tagger(NO_TOKEN_TYPES, config)) {
            List<BatchRows<long[]>> batches = tagger.inferenceBatches(List.<String[]>of(TEXT.split(" ")));
            assertThat(batches.stream().flatMap(batch -> batch.inputs().stream()))
                    .allMatch(sequence -> sequence.length <= 16)
                    .hasSizeGreaterThanOrEqualTo(3);
            assertValidEntities(tagger.tag(TEXT));
            String[] tokens = TEXT.split(" ");
            TokenLabels labels = tagger.labelTokens(List.<String[]>of(tokens)).get(0);
            assertThat(labels.labels()).hasSize(tokens.length);
        }
    }

    private static void assertValidEntities(List<Entity> entities) {
        int previousEnd = 0;
        for (Entity e : entities) {
            assertThat(e.start()).isGreaterThanOrEqualTo(0).isLessThan(e.end());
            assertThat(e.end()).isLessThanOrEqualTo(TEXT.length());
            assertThat(e.score()).isBetween(0.0, 1.0);
            assertThat(e.label()).isIn("PER", "B-PER", "I-PER");
            assertThat(e.start()).isGreaterThanOrEqualTo(previousEnd);
            previousEnd = e.end();
        }
    }
}
