package io.github.bertner.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The tests' local Spark session ({@code local[2]}, no UI, few shuffle partitions), shared by every test
 * class of the JVM; Spark's own shutdown hook stops it.
 */
public final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .appName("bert-ner-tests")
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "localhost")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }
}
