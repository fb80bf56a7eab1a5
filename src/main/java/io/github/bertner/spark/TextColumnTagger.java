package io.github.bertner.spark;

import io.github.bertner.Entity;
import io.github.bertner.Tagger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/** Raw-text mode: a {@code string} column; a null text has no entities. */
final class TextColumnTagger implements ColumnTagger {
    private static final long serialVersionUID = 1L;

    @Override
    public Row[][] tag(Supplier<Tagger> tagger, List<Row> rows, int column) {
        Row[][] entities = new Row[rows.size()][];
        Arrays.fill(entities, NONE);
        List<String> texts = new ArrayList<>(rows.size());
        List<Integer> positions = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (!rows.get(i).isNullAt(column)) {
                texts.add(rows.get(i).getString(column));
                positions.add(i);
            }
        }
        if (!texts.isEmpty()) {
            List<List<Entity>> found = tagger.get().tag(texts);
            for (int k = 0; k < found.size(); k++) {
                entities[positions.get(k)] = found.get(k).stream().map(EntitySchema::row).toArray(Row[]::new);
            }
        }
        return entities;
    }
}
