package io.github.bertner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line with a zero-shot GLiNER model: types named with --labels, GLiNER's decoding options. */
class ZeroShotCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GLINER = Path.of("testdata", "gliner", "onnx").toString();

    @TempDir
    Path temp;

    @Test
    void tagFindsTheNamedTypesAsGlinerDoesInEachDecodingMode() throws Exception {
        JsonNode expected =
                JSON.readTree(Path.of("testdata", "gliner", "expected.json").toFile());
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            texts.add(expected.get("texts").get(i).asText());
        }
        byte[] input = (String.join("\n", texts) + "\n").getBytes(StandardCharsets.UTF_8);
        for (JsonNode output : expected.get("outputs")) {
            List<String> args = new ArrayList<>(List.of(
                    "tag",
                    "--model",
                    GLINER,
                    "--labels",
                    String.join(",", strings(output.get("labels"))),
                    "--threshold",
                    output.get("threshold").asText()));
            if (!output.get("flat_ner").asBoolean()) {
                args.add("--nested");
            }
            if (output.get("multi_label").asBoolean()) {
                args.add("--multi-label");
            }
            CliRun run = CliRun.withInput(input, args.toArray(String[]::new));
            assertThat(run.exitCode()).as(run.err()).isZero();
            String[] lines = run.out().split("\n");
            assertThat(lines).hasSize(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                List<String> found = new ArrayList<>();
                JSON.readTree(lines[i])
                        .get("entities")
                        .forEach(e -> found.add(e.get("label").asText() + " "
                                + e.get("start").asInt() + "-" + e.get("end").asInt()));
                List<String> gliner = new ArrayList<>();
                String text = texts.get(i);
                output.get("entities")
                        .get(i)
                        .forEach(e -> gliner.add(e.get(0).asText() + " "
                                + text.offsetByCodePoints(0, e.get(1).asInt()) + "-"
                                + text.offsetByCodePoints(0, e.get(2).asInt())));
                assertThat(found).as(String.join(" ", args) + ": " + text).isEqualTo(gliner);
            }
        }
    }

    @Test
    void aZeroShotModelWithoutLabelsIsAUsageErrorThatSaysWhatToAdd() {
        CliRun run = CliRun.withInput(
                "Chili Jensen bor i Aarhus.\n".getBytes(StandardCharsets.UTF_8), "tag", "--model", GLINER);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("Missing option '--labels'")
                .contains("is a zero-shot GLiNER model")
                .contains("--labels person,organization,location")
                .doesNotContain("Exception");
        CliRun empty = CliRun.of("tag", "--model", GLINER, "--labels", "person,,location");
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("entity type 2 of 3 is empty");
    }

    @Test
    void evaluateMapsTheNamedTypesToTheGoldOnes() throws Exception {
        JsonNode hosts = JSON.readTree(
                        Path.of("testdata", "gliner", "expected.json").toFile())
                .get("host_tokens");
        JsonNode output = hosts.get("outputs").get(0);
        StringBuilder conll = new StringBuilder();
        int spans = 0;
        for (int s = 0; s < 20; s++) {
            JsonNode sentence = hosts.get("sentences").get(s);
            String[] gold = new String[sentence.size()];
            java.util.Arrays.fill(gold, "O");
            for (JsonNode span : output.get("spans").get(s)) {
                String type = span.get(0).asText().substring(0, 3).toUpperCase(java.util.Locale.ROOT);
                for (int t = span.get(1).asInt(); t < span.get(2).asInt(); t++) {
                    gold[t] = (t == span.get(1).asInt() ? "B-" : "I-") + type;
                }
                spans++;
            }
            for (int t = 0; t < sentence.size(); t++) {
                conll.append(sentence.get(t).asText())
                        .append('\t')
                        .append(gold[t])
                        .append('\n');
            }
            conll.append('\n');
        }
        Path data = Files.writeString(temp.resolve("gold.tsv"), conll);

        CliRun run = CliRun.of(
                "evaluate",
                "--json",
                "--model",
                GLINER,
                "--data",
                data.toString(),
                "--labels",
                "person,location,organization",
                "--label-map",
                "person=PER",
                "--label-map",
                "location=LOC",
                "--label-map",
                "organization=ORG");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode micro = JSON.readTree(run.out()).get("micro");
        assertThat(spans).isPositive();
        assertThat(micro.get("gold").asInt()).isEqualTo(spans);
        assertThat(micro.get("correct").asInt())
                .as("GLiNER's spans are the gold ones")
                .isEqualTo(spans);
        assertThat(micro.get("f1").asDouble()).isEqualTo(1.0);
    }

    @Test
    void infoShowsTheKindOfModel() throws Exception {
        CliRun run = CliRun.of("info", "--json", "--model", GLINER);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode info = JSON.readTree(run.out());
        assertThat(info.get("kind").asText()).startsWith("zero-shot spans (GLiNER");
        assertThat(info.get("model_type").asText()).isEqualTo("gliner (deberta-v2)");
        CliRun demo = CliRun.of("info", "--json");
        assertThat(JSON.readTree(demo.out()).get("kind").asText()).startsWith("token classification");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
