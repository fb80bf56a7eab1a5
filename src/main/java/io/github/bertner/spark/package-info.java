/**
 * Apache Spark library: {@link io.github.bertner.spark.EntityRecognizer} adds an entities column to a
 * {@code Dataset<Row>}, with the model found on each executor through
 * {@link io.github.bertner.spark.ModelSource}. It needs Spark (provided) and nothing of the command
 * line; the ready-made job is in {@link io.github.bertner.spark.job}.
 */
package io.github.bertner.spark;
