package io.github.bertner.spark.job;

import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Spreads rows over more partitions while keeping their order: partition {@code i} receives a contiguous
 * run of the input, in input order, so the output's part files read in name order give the input order.
 * For inputs with fewer partitions than task slots (a small file is one partition), so that every slot
 * tags; it costs one shuffle and one sampling pass.
 */
final class OrderedSpread {
    private static final String ROW = "__bert_ner_row";

    private OrderedSpread() {}

    /**
     * Spreads when asked to, or when the input has fewer partitions than the default parallelism.
     *
     * @param partitions the number of partitions, or 0 for the default parallelism when the input has
     *     fewer partitions than that (and otherwise the input's partitioning)
     */
    static Dataset<Row> ifNeeded(Dataset<Row> input, int partitions, UnaryOperator<Dataset<Row>> step) {
        if (partitions > 0) {
            return apply(input, partitions, step);
        }
        int parallelism = input.sparkSession().sparkContext().defaultParallelism();
        return input.rdd().getNumPartitions() < parallelism ? apply(input, parallelism, step) : step.apply(input);
    }

    static Dataset<Row> apply(Dataset<Row> input, int partitions, UnaryOperator<Dataset<Row>> step) {
        Dataset<Row> numbered = input.withColumn(ROW, functions.monotonically_increasing_id())
                .repartitionByRange(partitions, functions.col(ROW))
                .sortWithinPartitions(ROW);
        return step.apply(numbered).drop(ROW);
    }
}
