package io.github.bertner.opennlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import opennlp.tools.util.Span;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The examples in docs/opennlp.md (and the README) compile (they are test sources), run, and are shown as they are. */
@Tag("framework")
class OpenNlpDocsTest {
    private static final Path DOCS = Path.of("docs", "opennlp.md");
    private static final Path EXAMPLES = Path.of("src", "test", "java", "io", "github", "bertner", "opennlp");
    private static final String SHOWN_FROM = "// docs/opennlp.md shows this file";

    @Test
    void findNamesGivesWhatTheDocsShow() throws IOException {
        List<String> lines =
                FindNames.findNames(TestModels.MINI, "Paul Berg Steffensen fra Aalborg er Ridder af Dannebrog.");

        assertThat(lines).containsExactly("PER [0, 20) Paul Berg Steffensen 1.000", "LOC [25, 32) Aalborg 1.000");
        assertThat(docs()).contains(String.join("\n", lines));
    }

    @Test
    void evaluateNamesGivesTheF1TheDocsState() throws IOException {
        double f1 =
                EvaluateNames.evaluate(TestModels.MINI, TestModels.DANE_TEST).getFMeasure();

        assertThat(String.format(Locale.ROOT, "%.3f", f1)).isEqualTo("0.392");
        assertThat(docs()).contains("F1 0.392 with `FIRST`");
    }

    @Test
    void theNumberOfNamesFoundInDaneTestIsTheOneTheDocsState() throws IOException {
        int names = 0;
        try (BertNameFinder finder = BertNameFinder.load(TestModels.MINI)) {
            for (Span[] found : finder.findAll(OpenNlpTestData.daneTestSentences())) {
                names += found.length;
            }
        }

        assertThat(names).isEqualTo(399);
        assertThat(docs()).contains("| 399 names found (`FIRST`)");
    }

    @Test
    void theDocsShowTheExampleSourcesUnchanged() throws IOException {
        assertThat(javaBlocks()).containsExactly(shownPart("FindNames.java"), shownPart("EvaluateNames.java"));
        assertThat(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8))
                .contains("```java\n" + shownPart("FindNames.java") + "```")
                .contains("| 399 names found (`FIRST`)");
    }

    private static String docs() throws IOException {
        return Files.readString(DOCS, StandardCharsets.UTF_8);
    }

    private static List<String> javaBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(docs());
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    private static String shownPart(String file) throws IOException {
        String source = Files.readString(EXAMPLES.resolve(file), StandardCharsets.UTF_8);
        int marker = source.indexOf(SHOWN_FROM);
        return source.substring(source.indexOf('\n', marker) + 1);
    }
}
