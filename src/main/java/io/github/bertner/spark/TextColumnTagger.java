package io.github.bertner.spark;

import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import java.util.List;
import org.apache.spark.sql.Row;

/** Raw-text mode: a {@code string} column; a null text has no entities. */
final class TextColumnTagger extends ColumnTagger<String> {
    private static final long serialVersionUID = 1L;

    TextColumnTagger(EntityTypes types) {
        super(types);
    }

    @Override
    String read(Row row, int column) {
        return row.getString(column);
    }

    @Override
    List<Row[]> tagAll(Recognizer tagger, List<String> texts) {
        return tagger.tag(texts, types).stream().map(TextColumnTagger::rows).toList();
    }

    private static Row[] rows(List<Entity> entities) {
        return entities.stream().map(EntitySchema::row).toArray(Row[]::new);
    }
}
