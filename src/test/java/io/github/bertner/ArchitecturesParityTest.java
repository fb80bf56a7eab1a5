package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.tagger.Tagger;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX exports of tiny models of every architecture (BERT, DistilBERT, ELECTRA, RoBERTa, XLM-RoBERTa,
 * CamemBERT, DeBERTa-v2, ModernBERT) against transformers' own output for them: in raw-text mode the pipeline's
 * entities (with semantics.md's same-start rule, and without the entities that cover no character) for all five
 * strategies, in host-token mode the labels that transformers' word ids give; with tokenizer.json and with only the
 * original tokenizer files. Over every output: no word-level entities overlap, and none is empty.
 */
@Tag("parity")
class ArchitecturesParityTest {
    @TempDir
    Path temp;

    static Stream<Arguments> exports() {
        List<Arguments> cases = new ArrayList<>();
        for (String name : ArchitectureFixtures.NAMES) {
            cases.add(Arguments.of(name, false));
            if (ArchitectureFixtures.WITH_ORIGINAL_FILES.contains(name)) {
                cases.add(Arguments.of(name, true));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, original files only: {1}")
    @MethodSource("exports")
    void rawTextEqualsThePipelineForEveryStrategy(String name, boolean originalFilesOnly) throws IOException {
        Path model = ArchitectureFixtures.exportDirectory(name, originalFilesOnly, temp.resolve(name));
        ArchitecturesParity.assertEqualsPipeline(model, ArchitectureFixtures.expected(name));
    }

    @ParameterizedTest(name = "{0}, original files only: {1}")
    @MethodSource("exports")
    void hostTokensEqualTheLabelsOfTransformersWordIds(String name, boolean originalFilesOnly) throws IOException {
        Path model = ArchitectureFixtures.exportDirectory(name, originalFilesOnly, temp.resolve(name));
        ArchitecturesParity.assertEqualsWordLabels(model, ArchitectureFixtures.expected(name));
    }

    @ParameterizedTest(name = "{0}, original files only: {1}")
    @MethodSource("exports")
    void aLongTextOfSomeThreeThousandSubwordsIsWindowedWithinThePositionTable(String name, boolean originalFilesOnly)
            throws IOException {
        Path model = ArchitectureFixtures.exportDirectory(name, originalFilesOnly, temp.resolve(name));
        String text = String.join(
                " ",
                ArchitectureFixtures.texts(ArchitectureFixtures.expected(name).get("texts")));
        try (Tagger tagger = TestModels.tagger(model)) {
            assertThat(tagger.info().maxPositions())
                    .as("positions a window may use")
                    .isEqualTo(512);
            List<Entity> entities = tagger.tag(text);
            assertThat(entities).isNotEmpty();
            ArchitecturesParity.assertWellFormed(Aggregation.FIRST, entities);
        }
    }
}
