package io.github.bertner.spark;

import io.github.bertner.Tagger;
import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/** Tags the input column of a batch of rows with one tagger call. */
interface ColumnTagger extends Serializable {
    /** The entities of a row whose input is null. */
    Row[] NONE = new Row[0];

    /**
     * @param tagger the shared tagger, fetched only if some row has input
     * @param rows the batch
     * @param column the index of the input column
     * @return for each row, its entity rows
     */
    Row[][] tag(Supplier<Tagger> tagger, List<Row> rows, int column);

    static ColumnTagger of(InputMode mode) {
        return mode == InputMode.RAW ? new TextColumnTagger() : new TokensColumnTagger();
    }
}
