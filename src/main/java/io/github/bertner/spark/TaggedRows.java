package io.github.bertner.spark;

import io.github.bertner.Recognizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The rows of one partition with their entities appended as a last column, tagged in batches of a fixed
 * number of rows (one tagger call per batch). Reads its input lazily, one batch ahead at most.
 */
final class TaggedRows implements Iterator<Row> {
    private final Iterator<Row> input;
    private final int column;
    private final int rowsPerCall;
    private final ColumnTagger<?> columnTagger;
    private final Supplier<Recognizer> loader;
    private Recognizer tagger;
    private Iterator<Row> batch = Collections.emptyIterator();

    TaggedRows(
            Iterator<Row> input,
            int column,
            int rowsPerCall,
            ColumnTagger<?> columnTagger,
            Supplier<Recognizer> loader) {
        this.input = input;
        this.column = column;
        this.rowsPerCall = rowsPerCall;
        this.columnTagger = columnTagger;
        this.loader = loader;
    }

    @Override
    public boolean hasNext() {
        while (!batch.hasNext() && input.hasNext()) {
            batch = nextBatch().iterator();
        }
        return batch.hasNext();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return batch.next();
    }

    private List<Row> nextBatch() {
        List<Row> rows = new ArrayList<>(rowsPerCall);
        while (rows.size() < rowsPerCall && input.hasNext()) {
            rows.add(input.next());
        }
        Row[][] entities = columnTagger.tag(this::tagger, rows, column);
        List<Row> tagged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            tagged.add(append(rows.get(i), entities[i]));
        }
        return tagged;
    }

    private Recognizer tagger() {
        if (tagger == null) {
            tagger = loader.get();
        }
        return tagger;
    }

    private static Row append(Row row, Row[] entities) {
        Object[] values = new Object[row.length() + 1];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        values[row.length()] = entities;
        return RowFactory.create(values);
    }
}
