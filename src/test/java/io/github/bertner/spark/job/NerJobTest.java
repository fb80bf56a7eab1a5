package io.github.bertner.spark.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.TestModels;
import io.github.bertner.cli.Main;
import io.github.bertner.spark.LocalSpark;
import io.github.bertner.spark.ModelSource;
import io.github.bertner.spark.SparkTestData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Tag("slow")
class NerJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = TestModels.MINI.toString();
    private static SparkSession spark;
    private static List<String> texts;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws IOException {
        spark = LocalSpark.session();
        texts = SparkTestData.texts();
    }

    @Test
    void jsonLinesOfDaneSentencesGiveTheEntitiesOfTheCliTagCommandInInputOrder() throws Exception {
        Path input = temp.resolve("dane-test.jsonl");
        List<String> lines = new ArrayList<>();
        for (String text : texts) {
            lines.add(JSON.writeValueAsString(java.util.Map.of("text", text)));
        }
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path output = temp.resolve("out");

        NerJob.run(spark, "--input", input.toString(), "--output", output.toString(), "--model", MODEL);

        List<String> sparkLines = partLines(output, ".json");
        List<String> cliLines = cliTag(input);
        assertThat(sparkLines).hasSize(565).hasSameSizeAs(cliLines);
        for (int i = 0; i < cliLines.size(); i++) {
            assertSameRecord(JSON.readTree(sparkLines.get(i)), JSON.readTree(cliLines.get(i)));
        }
        assertThat(partFiles(output, ".json")).as("spread over both task slots").hasSize(2);
    }

    @Test
    void aCheckpointIsConvertedOnTheDriverAndShipped() throws Exception {
        Path input = Files.write(temp.resolve("in.txt"), texts.subList(0, 40), StandardCharsets.UTF_8);
        Path fromCheckpoint = temp.resolve("from-checkpoint");
        Path fromExport = temp.resolve("from-export");
        for (Path[] run : new Path[][] {{fromCheckpoint, TestModels.MINI_CHECKPOINT}, {fromExport, Path.of(MODEL)}}) {
            NerJob.run(
                    spark,
                    "--input",
                    input.toString(),
                    "--input-format",
                    "text",
                    "--output",
                    run[0].toString(),
                    "--model",
                    run[1].toString());
        }
        List<String> converted = partLines(fromCheckpoint, ".json");
        List<String> exported = partLines(fromExport, ".json");
        assertThat(converted).hasSize(40);
        assertThat(exported).hasSameSizeAs(converted);
        for (int i = 0; i < exported.size(); i++) {
            assertSameRecord(JSON.readTree(converted.get(i)), JSON.readTree(exported.get(i)));
        }
    }

    @Test
    void aHubLocationIsNotAnExecutorPath() {
        assertThatThrownBy(() -> ModelSource.parse("hf:org/name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ModelSource.shipped");
    }

    @Test
    void textInputToParquetKeepsEveryLineAndTheEntityType() throws Exception {
        Path input = Files.write(temp.resolve("in.txt"), texts.subList(0, 40), StandardCharsets.UTF_8);
        Path output = temp.resolve("parquet");
        NerJob.run(
                spark,
                "--input",
                input.toString(),
                "--input-format",
                "text",
                "--output",
                output.toString(),
                "--output-format",
                "parquet",
                "--model",
                MODEL,
                "--aggregation",
                "AVERAGE",
                "--partitions",
                "3");
        Dataset<Row> written = spark.read().parquet(output.toString());
        assertThat(written.count()).isEqualTo(40);
        assertThat(written.schema().fieldNames()).containsExactly("text", "entities");
        assertThat(written.schema().apply("entities").dataType().simpleString())
                .isEqualTo("array<struct<label:string,start:int,end:int,score:double,text:string>>");
    }

    @Test
    void tokensModeAndAShippedModelDirectory() throws Exception {
        Path input = Files.writeString(
                temp.resolve("tokens.jsonl"),
                "{\"id\": 1, \"tokens\": [\"Chili\", \"Jensen\", \"bor\", \"i\", \"København\", \".\"]}\n{\"id\": 2}\n");
        Path output = temp.resolve("tokens-out");
        NerJob.run(
                spark,
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--mode",
                "tokens",
                "--model",
                TestModels.MINI.toAbsolutePath() + "/",
                "--ship-model");
        List<String> lines = partLines(output, ".json");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.get("entities")).isNotEmpty();
        first.get("entities")
                .forEach(e -> assertThat(e.get("token_end").asInt())
                        .isGreaterThan(e.get("token_start").asInt()));
        assertThat(JSON.readTree(lines.get(1)).get("entities")).isEmpty();
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> NerJob.run(spark, "--input", "x", "--output", "y"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--model");
        assertThatThrownBy(() ->
                        NerJob.run(spark, "--input", "x", "--output", "y", "--model", MODEL, "--aggregation", "best"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--aggregation");
    }

    private static void assertSameRecord(JsonNode spark, JsonNode cli) {
        assertThat(spark.get("text")).isEqualTo(cli.get("text"));
        JsonNode actual = spark.get("entities");
        JsonNode expected = cli.get("entities");
        assertThat(actual).as(cli.get("text").asText()).hasSize(expected.size());
        for (int k = 0; k < expected.size(); k++) {
            for (String field : List.of("label", "start", "end", "text")) {
                assertThat(actual.get(k).get(field)).isEqualTo(expected.get(k).get(field));
            }
            assertThat(actual.get(k).get("score").asDouble())
                    .isCloseTo(expected.get(k).get("score").asDouble(), within(1e-5));
        }
        assertThat(spark.size()).isEqualTo(2);
    }

    private static List<String> cliTag(Path input) {
        StringWriter out = new StringWriter();
        Path texts = input.resolveSibling("dane-test.txt");
        try {
            Files.write(texts, NerJobTest.texts, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("tag", "--input", texts.toString(), "--model", MODEL))
                .isZero();
        return out.toString().lines().toList();
    }

    private static List<Path> partFiles(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-")
                            && f.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static List<String> partLines(Path directory, String suffix) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path part : partFiles(directory, suffix)) {
            lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
        }
        return lines;
    }
}
