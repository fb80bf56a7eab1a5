package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.Aggregation;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import io.github.bertner.opennlp.BertNameFinder;
import io.github.bertner.opennlp.ConllNameSampleStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import opennlp.tools.namefind.TokenNameFinderEvaluator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} and OpenNLP's {@code TokenNameFinderEvaluator} over {@link ConllNameSampleStream} give
 * the same F1 on one file, tab-separated (DaNE as shipped) or space-separated in the CoNLL-2003 style
 * with {@code -DOCSTART-} lines.
 */
@Tag("parity")
class SameF1BothWaysTest {

    @TempDir
    Path temp;

    @Test
    void bothEvaluatorsAgreeOnTabAndSpaceSeparatedFiles() throws Exception {
        Path spaced = conll2003Style(temp.resolve("dane-test.conll"));
        String fromTabs = evaluate(TestModels.DANE_TEST);
        String fromSpaces = evaluate(spaced);
        String fromOpenNlp = openNlp(spaced);
        assertThat(fromTabs).startsWith("0.392");
        assertThat(fromSpaces).isEqualTo(fromTabs);
        assertThat(fromOpenNlp).isEqualTo(fromTabs);
    }

    private static String evaluate(Path data) throws Exception {
        CliRun run = CliRun.of("evaluate", "--data", data.toString(), "--label-map", "MISC=O", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        return format(
                new ObjectMapper().readTree(run.out()).get("micro").get("f1").asDouble());
    }

    private static String openNlp(Path data) throws Exception {
        try (BertNameFinder finder = BertNameFinder.load(
                        TestModels.MINI,
                        RecognizerConfig.builder()
                                .aggregation(Aggregation.FIRST)
                                .build());
                ConllNameSampleStream samples = ConllNameSampleStream.open(data, Map.of("MISC", "O"))) {
            TokenNameFinderEvaluator evaluator = new TokenNameFinderEvaluator(finder);
            evaluator.evaluate(samples);
            return format(evaluator.getFMeasure().getFMeasure());
        }
    }

    /** DaNE test as "token POS chunk label" lines with a -DOCSTART- line before every 100 sentences. */
    private static Path conll2003Style(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        int sentence = 0;
        boolean atSentenceStart = true;
        for (String line : Files.readAllLines(TestModels.DANE_TEST, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                out.add("");
                atSentenceStart = true;
                continue;
            }
            if (atSentenceStart && sentence++ % 100 == 0) {
                out.add("-DOCSTART- -X- -X- O");
                out.add("");
            }
            atSentenceStart = false;
            String[] columns = line.split("\t");
            out.add(columns[0] + " X X " + columns[1]);
        }
        return Files.write(file, out, StandardCharsets.UTF_8);
    }

    private static String format(double f1) {
        return String.format(Locale.ROOT, "%.6f", f1);
    }
}
