/**
 * The Spark job for {@code spark-submit} and local runs ({@link io.github.bertner.spark.job.NerJob}) and
 * its benchmark, command-line programs (picocli) over the library in {@link io.github.bertner.spark}.
 */
package io.github.bertner.spark.job;
