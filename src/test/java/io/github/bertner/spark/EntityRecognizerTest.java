package io.github.bertner.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.Entity;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import io.github.bertner.TokenSpan;
import io.github.bertner.tagger.Tagger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class EntityRecognizerTest {
    private static final RecognizerConfig CONFIG =
            RecognizerConfig.builder().intraOpThreads(1).build();
    private static final StructType TEXTS =
            new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
    private static final StructType TOKENS = new StructType()
            .add("id", DataTypes.IntegerType)
            .add("tokens", DataTypes.createArrayType(DataTypes.StringType));
    private static SparkSession spark;
    private static Tagger tagger;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.session();
        tagger = TestModels.tagger(TestModels.MINI, CONFIG);
    }

    @AfterAll
    static void closeTagger() {
        tagger.close();
    }

    @Test
    void rawModeGivesTheTaggersEntitiesForEveryDaneSentence() throws Exception {
        List<String> texts = SparkTestData.texts();
        Map<Integer, Row> tagged = byId(recognizer().build().transform(dataset(texts, 5)));
        List<List<Entity>> expected = tagger.tag(texts);
        assertThat(tagged).hasSize(565);
        for (int i = 0; i < texts.size(); i++) {
            Row row = tagged.get(i);
            assertThat(row.getString(1)).isEqualTo(texts.get(i));
            assertRawEntities(row.getList(2), expected.get(i));
        }
    }

    @Test
    void tokenModeGivesTheTaggersSpansForEveryDaneSentence() throws Exception {
        List<String[]> sentences = SparkTestData.sentences();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            rows.add(RowFactory.create(i, sentences.get(i)));
        }
        Dataset<Row> input = spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 4), TOKENS);
        Map<Integer, Row> tagged =
                byId(recognizer().mode(InputMode.TOKENS).build().transform(input));
        List<List<TokenSpan>> expected = tagger.tagTokens(sentences);
        assertThat(tagged).hasSize(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            List<Row> spans = tagged.get(i).getList(2);
            assertThat(spans).hasSameSizeAs(expected.get(i));
            for (int k = 0; k < spans.size(); k++) {
                TokenSpan want = expected.get(i).get(k);
                Row got = spans.get(k);
                assertThat(List.of(got.getString(0), got.getInt(1), got.getInt(2)))
                        .isEqualTo(List.of(want.label(), want.start(), want.end()));
                assertThat(got.getDouble(3)).isCloseTo(want.score(), within(1e-5));
                assertThat(got.getString(4))
                        .isEqualTo(
                                String.join(" ", Arrays.asList(sentences.get(i)).subList(want.start(), want.end())));
            }
        }
    }

    @Test
    void nullTextHasNoEntitiesAndEmptyPartitionsAreFine() {
        String text = "Chili Jensen bor i København og arbejder for Novo Nordisk.";
        Map<Integer, Row> tagged = byId(recognizer().build().transform(dataset(Arrays.asList(text, null), 6)));
        assertRawEntities(tagged.get(0).getList(2), tagger.tag(text));
        assertThat(tagged.get(0).getList(2)).isNotEmpty();
        assertThat(tagged.get(1).isNullAt(1)).isTrue();
        assertThat(tagged.get(1).getList(2)).isEmpty();
    }

    @Test
    void nullTokenArraysHaveNoEntitiesAndNullTokensCountAsEmpty() {
        String[] tokens = {"Chili", null, "Jensen", "bor", "i", "København", "."};
        String[] empty = {"Chili", "", "Jensen", "bor", "i", "København", "."};
        List<Row> rows = List.of(RowFactory.create(0, tokens), RowFactory.create(1, null));
        Dataset<Row> input = spark.createDataFrame(rows, TOKENS);
        Map<Integer, Row> tagged =
                byId(recognizer().mode(InputMode.TOKENS).build().transform(input));
        List<TokenSpan> expected = tagger.tagTokens(empty);
        assertThat(tagged.get(0).<Row>getList(2))
                .extracting(r -> r.getInt(1) + "-" + r.getInt(2) + " " + r.getString(0))
                .containsExactlyElementsOf(expected.stream()
                        .map(s -> s.start() + "-" + s.end() + " " + s.label())
                        .toList());
        assertThat(tagged.get(1).getList(2)).isEmpty();
    }

    @Test
    void theModelIsLoadedOncePerJvmAndNotForAnEmptyDataset() throws Exception {
        RecognizerConfig fresh = CONFIG.toBuilder().batchSize(7).build();
        int before = ExecutorTaggers.loadCount();
        assertThat(recognizer()
                        .config(fresh)
                        .build()
                        .transform(dataset(List.of(), 3))
                        .count())
                .isZero();
        assertThat(ExecutorTaggers.loadCount()).isEqualTo(before);

        Dataset<Row> input = dataset(SparkTestData.texts(), 8);
        assertThat(recognizer().config(fresh).build().transform(input).count()).isEqualTo(565);
        assertThat(recognizer()
                        .config(fresh)
                        .rowsPerCall(16)
                        .build()
                        .transform(input)
                        .count())
                .isEqualTo(565);
        assertThat(ExecutorTaggers.loadCount()).isEqualTo(before + 1);
    }

    @Test
    void aModelDistributedWithAddFileIsFoundThroughSparkFiles() {
        spark.sparkContext().addFile(TestModels.MINI.toAbsolutePath().toString(), true);
        String text = "Mette Frederiksen mødte Lars Løkke Rasmussen i Aarhus.";
        EntityRecognizer recognizer =
                recognizer().model(ModelSource.sparkFile("danish-ner-mini")).build();
        Map<Integer, Row> tagged = byId(recognizer.transform(dataset(List.of(text), 2)));
        assertRawEntities(tagged.get(0).getList(2), tagger.tag(text));
    }

    @Test
    void theEntitiesColumnHasTheDocumentedType() {
        StructType schema = recognizer()
                .outputColumn("ner")
                .build()
                .transform(dataset(List.of(), 1))
                .schema();
        assertThat(schema.fieldNames()).containsExactly("id", "text", "ner");
        assertThat(schema.apply("ner").dataType().simpleString())
                .isEqualTo("array<struct<label:string,start:int,end:int,score:double,text:string>>");
        assertThat(EntitySchema.entitiesType(InputMode.TOKENS).simpleString())
                .isEqualTo("array<struct<label:string,token_start:int,token_end:int,score:double,text:string>>");
    }

    @Test
    void wrongColumnsAreRejectedByName() {
        Dataset<Row> input = dataset(List.of(), 1);
        assertThatThrownBy(() -> recognizer().inputColumn("body").build().transform(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputColumn 'body'");
        assertThatThrownBy(() -> recognizer().inputColumn("id").build().transform(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be string");
        assertThatThrownBy(() -> recognizer()
                        .mode(InputMode.TOKENS)
                        .inputColumn("text")
                        .build()
                        .transform(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be array<string>");
        assertThatThrownBy(() -> recognizer().outputColumn("id").build().transform(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputColumn 'id'");
        assertThatThrownBy(() -> EntityRecognizer.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> recognizer().rowsPerCall(0)).isInstanceOf(IllegalArgumentException.class);
    }

    static void assertRawEntities(List<Row> actual, List<Entity> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            Entity want = expected.get(k);
            Row got = actual.get(k);
            assertThat(List.of(got.getString(0), got.getInt(1), got.getInt(2), got.getString(4)))
                    .isEqualTo(List.of(want.label(), want.start(), want.end(), want.text()));
            assertThat(got.getDouble(3)).isCloseTo(want.score(), within(1e-5));
        }
    }

    @Test
    void aZeroShotModelFindsTheTypesOfTheBuilderAsGlinerDoes() throws Exception {
        JsonNode expected = new ObjectMapper()
                .readTree(Path.of("testdata", "gliner", "expected.json").toFile());
        JsonNode output = expected.get("outputs").get(0);
        List<String> texts = new ArrayList<>();
        expected.get("texts").forEach(text -> texts.add(text.asText()));
        List<String> labels = new ArrayList<>();
        output.get("labels").forEach(label -> labels.add(label.asText()));
        EntityRecognizer zeroShot = EntityRecognizer.builder()
                .model(Path.of("testdata", "gliner", "onnx").toString())
                .config(CONFIG)
                .entityTypes(io.github.bertner.EntityTypes.of(labels))
                .build();
        Map<Integer, Row> tagged = byId(zeroShot.transform(dataset(texts, 3)));
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            List<String> want = new ArrayList<>();
            output.get("entities")
                    .get(i)
                    .forEach(e -> want.add(e.get(0).asText() + " "
                            + text.offsetByCodePoints(0, e.get(1).asInt()) + "-"
                            + text.offsetByCodePoints(0, e.get(2).asInt())));
            assertThat(tagged.get(i).<Row>getList(2))
                    .extracting(r -> r.getString(0) + " " + r.getInt(1) + "-" + r.getInt(2))
                    .as(text)
                    .containsExactlyElementsOf(want);
        }
    }

    private static EntityRecognizer.Builder recognizer() {
        return EntityRecognizer.builder().model(TestModels.MINI.toString()).config(CONFIG);
    }

    private static Dataset<Row> dataset(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        return spark.createDataFrame(
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), TEXTS);
    }

    private static Map<Integer, Row> byId(Dataset<Row> tagged) {
        Map<Integer, Row> rows = new HashMap<>();
        tagged.collectAsList().forEach(row -> rows.put(row.getInt(0), row));
        return rows;
    }
}
