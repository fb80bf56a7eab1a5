package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.ArchitectureFixtures;
import io.github.bertner.Entity;
import io.github.bertner.TestModels;
import io.github.bertner.tagger.Tagger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("framework")
class CliTest {
    private static final String DANE_TEST = TestModels.DANE_TEST.toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void tagWritesOneJsonObjectPerLineWithUtf16Offsets() throws Exception {
        String input = "😀 Chili Jensen bor i København.\n\nMette Frederiksen mødte Lars Løkke Rasmussen i Aarhus.\n";
        CliRun run = CliRun.withInput(input.getBytes(StandardCharsets.UTF_8), "tag");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(1)).get("entities")).isEmpty();
        List<String> texts = List.of(input.split("\n", -1)).subList(0, 3);
        try (Tagger tagger = TestModels.tagger(TestModels.MINI)) {
            for (int i = 0; i < 3; i++) {
                JsonNode record = JSON.readTree(lines.get(i));
                assertThat(record.get("text").asText()).isEqualTo(texts.get(i));
                List<Entity> expected = tagger.tag(texts.get(i));
                assertThat(record.get("entities")).hasSize(expected.size());
                for (int k = 0; k < expected.size(); k++) {
                    JsonNode e = record.get("entities").get(k);
                    assertThat(e.get("label").asText())
                            .isEqualTo(expected.get(k).label());
                    assertThat(e.get("start").asInt()).isEqualTo(expected.get(k).start());
                    assertThat(e.get("end").asInt()).isEqualTo(expected.get(k).end());
                    assertThat(e.get("text").asText())
                            .isEqualTo(texts.get(i)
                                    .substring(
                                            e.get("start").asInt(), e.get("end").asInt()));
                }
            }
        }
        assertThat(run.out()).contains("\"text\":\"København\"");
    }

    @Test
    void tagThroughAnOpenNlpTokenizerGivesCharacterOffsetsOfTheLine() throws Exception {
        String line = "😀 Chili Jensen  bor\ti København.";
        Path input = Files.writeString(temp.resolve("in.txt"), line + "\n");
        CliRun run = CliRun.of("tag", "--input", input.toString(), "--tokenizer", "whitespace");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode record = JSON.readTree(run.out());
        String[] tokens = {"😀", "Chili", "Jensen", "bor", "i", "København."};
        try (Tagger tagger = TestModels.tagger(TestModels.MINI)) {
            List<io.github.bertner.TokenSpan> spans = tagger.tagTokens(tokens);
            assertThat(record.get("entities")).hasSize(spans.size());
            for (int k = 0; k < spans.size(); k++) {
                JsonNode e = record.get("entities").get(k);
                int start = line.indexOf(tokens[spans.get(k).start()]);
                String lastToken = tokens[spans.get(k).end() - 1];
                int end = line.indexOf(lastToken, start) + lastToken.length();
                assertThat(e.get("start").asInt()).isEqualTo(start);
                assertThat(e.get("end").asInt()).isEqualTo(end);
                assertThat(e.get("label").asText()).isEqualTo(spans.get(k).label());
                assertThat(e.get("text").asText()).isEqualTo(line.substring(start, end));
            }
        }
        assertThat(run.out()).contains("\"text\":\"København.\"");
        CliRun simple = CliRun.of("tag", "--input", input.toString(), "--tokenizer", "simple");
        assertThat(simple.exitCode()).as(simple.err()).isZero();
        assertThat(simple.out()).contains("\"text\":\"København\"");
    }

    @Test
    void aTokenizerThatIsNoModelIsNamed() throws Exception {
        CliRun run =
                CliRun.of("tag", "--tokenizer", temp.resolve("da-token.bin").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("da-token.bin").contains("simple, whitespace");
        Path notAModel = Files.writeString(temp.resolve("junk.bin"), "junk");
        CliRun junk =
                CliRun.withInput("a\n".getBytes(StandardCharsets.UTF_8), "tag", "--tokenizer", notAModel.toString());
        assertThat(junk.exitCode()).isEqualTo(1);
        assertThat(junk.err()).contains("junk.bin").contains("not an OpenNLP tokenizer model");
        assertThat(CliRun.of("tag", "--tokenizer", "simple", "--pretokenized").exitCode())
                .isEqualTo(2);
    }

    @Test
    void aggregationNoneReportsFullSubwordLabels() throws Exception {
        Path input = Files.writeString(temp.resolve("in.txt"), "Chili Jensen bor i København.\n");
        CliRun run = CliRun.of("tag", "--input", input.toString(), "--aggregation", "none");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode entities = JSON.readTree(run.out()).get("entities");
        assertThat(entities).isNotEmpty();
        entities.forEach(e -> assertThat(e.get("label").asText()).matches("[BI]-(PER|LOC|ORG)"));
    }

    @Test
    void pretokenizedAppendsALabelColumnAndKeepsSentences() throws Exception {
        Path input =
                Files.writeString(temp.resolve("in.tsv"), "Chili\tX\nJensen\tY\nbor\nI\nKøbenhavn\n\n\nHan\nsmiler\n");
        CliRun run = CliRun.of("tag", "--pretokenized", "--scores", "--input", input.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).matches("Chili\tX\tB-PER\t0\\.\\d{4}");
        assertThat(lines.get(1)).matches("Jensen\tY\tI-PER\t0\\.\\d{4}");
        assertThat(lines.get(4)).matches("København\tB-LOC\t\\d\\.\\d{4}");
        assertThat(lines.get(5)).isEmpty();
        assertThat(lines.get(6)).startsWith("Han\t");
    }

    @ParameterizedTest
    @CsvSource({"first,0.392", "average,0.420", "max,0.418"})
    void evaluateReproducesTheHuggingFaceWordLevelF1(String aggregation, String f1) {
        CliRun run = CliRun.of("evaluate", "--data", DANE_TEST, "--label-map", "MISC=O", "--aggregation", aggregation);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()
                        .lines()
                        .filter(l -> l.startsWith("micro"))
                        .findFirst()
                        .orElseThrow())
                .matches("micro\\s+\\S+\\s+\\S+\\s+" + f1.replace(".", "\\.") + "\\s+437\\s+\\d+\\s+\\d+");
    }

    /**
     * The figures of CoNLL's own {@code conlleval} script on the demo model's {@code tag --pretokenized} output for
     * DaNE test with gold MISC mapped to O ({@code testdata/dane/conlleval-reference.sh}): 437 phrases, 399 found,
     * 164 correct; accuracy 95.30 %, precision 41.10 %, recall 37.53 %, FB1 39.23; LOC 50.00 / 53.12 / 51.52 (102
     * found), ORG 33.61 / 24.84 / 28.57 (119), PER 41.01 / 40.56 / 40.78 (178). Compared to conlleval's printed
     * precision (two decimals of a percentage).
     */
    @Test
    void evaluateGivesConllevalsFiguresToItsPrintedPrecision() throws Exception {
        CliRun run = CliRun.of("evaluate", "--data", DANE_TEST, "--label-map", "MISC=O", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.out());
        assertThat(percent(result.get("accuracy"))).isEqualTo("95.30");
        assertThat(figures(result.get("micro"))).isEqualTo("41.10 37.53 39.23 437 399 164");
        assertThat(result.get("types").fieldNames()).toIterable().containsExactly("LOC", "ORG", "PER");
        assertThat(figures(result.get("types").get("LOC"))).isEqualTo("50.00 53.12 51.52 96 102 51");
        assertThat(figures(result.get("types").get("ORG"))).isEqualTo("33.61 24.84 28.57 161 119 40");
        assertThat(figures(result.get("types").get("PER"))).isEqualTo("41.01 40.56 40.78 180 178 73");
        CliRun table = CliRun.of("evaluate", "--data", DANE_TEST, "--label-map", "MISC=O");
        assertThat(table.out()).contains("token accuracy 0.9530");
    }

    private static String figures(JsonNode counts) {
        return percent(counts.get("precision")) + " " + percent(counts.get("recall")) + " " + percent(counts.get("f1"))
                + " " + counts.get("gold").asInt() + " "
                + counts.get("predicted").asInt() + " "
                + counts.get("correct").asInt();
    }

    /** A percentage as conlleval prints it: Perl's {@code %.2f}, C's rounding of the exact binary value. */
    private static String percent(JsonNode fraction) {
        return new java.math.BigDecimal(100 * fraction.asDouble())
                .setScale(2, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    @Test
    void infoConvertsACheckpointDirectoryIntoTheCache() {
        CliRun run = CliRun.of(
                "info",
                "--model",
                TestModels.TINY_CHECKPOINTS.resolve("pytorch-legacy").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("[O, B-PER, I-PER]")
                .contains("bert-ner")
                .contains("model.onnx")
                .contains("lowercase:               true");
    }

    @Test
    void infoShowsLabelsAndTheNormalizer() {
        CliRun run = CliRun.of("info");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("[O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG, [PAD], [CLS], [SEP]]")
                .containsPattern("lowercase:\\s+true")
                .containsPattern("strip accents:\\s+false")
                .containsPattern("vocabulary size:\\s+31748")
                .containsPattern("max positions:\\s+512")
                .as("the demo model is converted from its checkpoint, so it packs")
                .containsPattern("packs sentences:\\s+yes");
    }

    @Test
    void infoSaysThatAnExportedGraphRunsOneSentenceARow() {
        CliRun run = CliRun.of("info", "--model", TestModels.MINI.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("packs sentences:\\s+no");
    }

    @Test
    void infoSaysWhichFileTheTokenizerWasBuiltFromAndItsFamily() throws Exception {
        Path model = ArchitectureFixtures.exportDirectory("xlm-roberta", true, temp.resolve("xlm-roberta"));
        CliRun run = CliRun.of("info", "--model", model.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("tokenizer:\\s+.*sentencepiece\\.bpe\\.model")
                .containsPattern("tokenizer family:\\s+SentencePiece Unigram, XLM-RoBERTa ids")
                .containsPattern("unknown token:\\s+<unk>");
        CliRun exported = CliRun.of(
                "info",
                "--model",
                ArchitectureFixtures.ARCHITECTURES.resolve("roberta").toString());
        assertThat(exported.out())
                .containsPattern("tokenizer:\\s+.*tokenizer\\.json")
                .containsPattern("tokenizer family:\\s+byte-level BPE");
    }

    @Test
    void aMissingModelIsOneLineWithoutStackTrace() {
        CliRun run = CliRun.of("tag", "--model", temp.resolve("missing").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("missing").doesNotContain("\tat ");
    }

    @Test
    void aMissingInputFileIsNamed() {
        CliRun run = CliRun.of("tag", "--input", temp.resolve("absent.txt").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("absent.txt").doesNotContain("\tat ");
    }

    @Test
    void malformedUtf8NamesTheLine() throws Exception {
        Path input = Files.write(temp.resolve("bad.txt"), new byte[] {'o', 'k', '\n', (byte) 0xC3, (byte) 0x28, '\n'});
        CliRun run = CliRun.of("tag", "--input", input.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("bad.txt").contains("line 2").contains("UTF-8");
    }

    @Test
    void evaluationDataWithoutALabelColumnNamesTheLine() throws Exception {
        Path data = Files.writeString(temp.resolve("gold.tsv"), "Chili\tB-PER\nJensen\n");
        CliRun run = CliRun.of("evaluate", "--data", data.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("gold.tsv").contains("line 2");
    }

    @Test
    void anUnknownAggregationIsAUsageError() {
        CliRun run = CliRun.of("tag", "--aggregation", "median");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("median");
    }

    @Test
    void everyCommandHasHelp() {
        java.util.Set<String> commands = Main.commandLine().getSubcommands().keySet();
        assertThat(commands).contains("tag", "evaluate", "info", "convert", "bench");
        for (String command : commands) {
            if (command.equals("help")) {
                continue;
            }
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out())
                    .as(command)
                    .contains("Usage: bert-ner " + command)
                    .contains("--model");
            if (!command.equals("convert") && !command.equals("info") && !command.equals("train")) {
                assertThat(run.out()).as(command).contains("--aggregation");
            }
        }
    }
}
