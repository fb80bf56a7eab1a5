package io.github.bertner.spark.job;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/** The file formats {@link NerJob} reads and writes. */
enum DataFormat {
    /** JSON Lines: one object per line; the input column is a field of it. */
    JSON,
    /** Plain UTF-8 text, one document per line (input only); the line becomes the input column. */
    TEXT,
    /** Apache Parquet. */
    PARQUET;

    Dataset<Row> read(SparkSession spark, String path, String inputColumn) {
        return switch (this) {
            case JSON -> spark.read().json(path);
            case TEXT -> spark.read().text(path).withColumnRenamed("value", inputColumn);
            case PARQUET -> spark.read().parquet(path);
        };
    }

    void write(Dataset<Row> rows, String path, boolean overwrite) {
        if (this == TEXT) {
            throw new IllegalArgumentException("output format TEXT cannot hold entities: use JSON or PARQUET");
        }
        rows.write()
                .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .format(name().toLowerCase(Locale.ROOT))
                .save(path);
    }
}
