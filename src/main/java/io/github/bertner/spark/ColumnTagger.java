package io.github.bertner.spark;

import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/**
 * Tags the input column of a batch of rows with one tagger call: the rows with a null input get no
 * entities, the others are tagged together.
 *
 * @param <I> what one input cell becomes for the tagger
 */
abstract class ColumnTagger<I> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The entities of a row whose input is null. */
    private static final Row[] NONE = new Row[0];

    /** The entity types to find. */
    final EntityTypes types;

    ColumnTagger(EntityTypes types) {
        this.types = types;
    }

    /**
     * @param tagger the shared tagger, fetched only if some row has input
     * @param rows the batch
     * @param column the index of the input column
     * @return for each row, its entity rows
     */
    final Row[][] tag(Supplier<Recognizer> tagger, List<Row> rows, int column) {
        Row[][] entities = new Row[rows.size()][];
        Arrays.fill(entities, NONE);
        List<I> inputs = new ArrayList<>(rows.size());
        List<Integer> positions = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isNullAt(column)) {
                inputs.add(read(rows.get(i), column));
                positions.add(i);
            }
        }
        if (!inputs.isEmpty()) {
            List<Row[]> found = tagAll(tagger.get(), inputs);
            for (int k = 0; k < found.size(); k++) {
                entities[positions.get(k)] = found.get(k);
            }
        }
        return entities;
    }

    /** Reads the non-null input cell of a row. */
    abstract I read(Row row, int column);

    /** Tags all inputs in one call and gives each one's entity rows, in order. */
    abstract List<Row[]> tagAll(Recognizer tagger, List<I> inputs);
}
