package io.github.bertner.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.bertner.Aggregation;
import io.github.bertner.DocSnippets;
import io.github.bertner.TaggerConfig;
import io.github.bertner.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Java example of docs/spark.md, as written there, on two documents. */
@Tag("slow")
class SparkDocsExampleTest {

    @Test
    void theDocumentedTransformationFindsTheEntities() throws Exception {
        SparkSession spark = LocalSpark.session();
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        Dataset<Row> documents = spark.createDataFrame(
                List.of(
                        RowFactory.create(1, "Chili Jensen bor i København."),
                        RowFactory.create(2, "Ingen navne her.")),
                schema);
        ModelSource model = ModelSource.path(TestModels.MINI.toString());

        // --- as in docs/spark.md ---
        EntityRecognizer ner = EntityRecognizer.builder()
                .model(model)
                .config(TaggerConfig.builder()
                        .aggregation(Aggregation.FIRST)
                        .intraOpThreads(1)
                        .build())
                .inputColumn("text")
                .outputColumn("entities")
                .build();
        Dataset<Row> tagged = ner.transform(documents); // lazy, like any transformation
        Dataset<Row> entities = tagged.select(
                        col("id"), explode(col("entities")).as("e"))
                .select(col("id"), col("e.label"), col("e.start"), col("e.end"), col("e.text"));
        // ---

        assertThat(entities.collectAsList())
                .extracting(Row::toString)
                .containsExactly("[1,PER,0,12,Chili Jensen]", "[1,LOC,19,28,København]");
        String snippet = DocSnippets.marked(DocSnippets.testSource("spark/SparkDocsExampleTest.java"), "docs/spark.md");
        assertThat(Files.readString(Path.of("docs", "spark.md"), StandardCharsets.UTF_8))
                .contains(snippet);
    }
}
