package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The figures docs/opennlp.md and the README state about the finder on DaNE test (the programs they show are run
 * by {@code DocsExamplesTest}).
 */
@Tag("framework")
class OpenNlpDocsTest {
    @Test
    void theNumberOfNamesFoundInDaneTestIsTheOneTheDocsState() throws IOException {
        int names = 0;
        try (BertNameFinder finder = BertNameFinder.load(TestModels.MINI)) {
            for (Span[] found : finder.findAll(OpenNlpTestData.daneTestSentences())) {
                names += found.length;
            }
        }

        assertThat(names).isEqualTo(399);
        assertThat(Files.readString(Path.of("docs", "opennlp.md"), StandardCharsets.UTF_8))
                .contains("| 399 names found (`FIRST`)");
        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8))
                .contains("| 399 names found (`FIRST`)");
    }
}
