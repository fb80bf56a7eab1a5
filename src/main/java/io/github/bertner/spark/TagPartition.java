package io.github.bertner.spark;

import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLoadException;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * The function Spark runs on each partition: tags its rows in batches with the executor's shared tagger,
 * which the first batch that has input loads (an empty partition loads nothing).
 */
final class TagPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final ModelSource model;
    private final RecognizerConfig config;
    private final ColumnTagger<?> columnTagger;
    private final int column;
    private final int rowsPerCall;

    TagPartition(
            ModelSource model,
            RecognizerConfig config,
            EntityTypes types,
            InputMode mode,
            int column,
            int rowsPerCall) {
        this.model = model;
        this.config = config;
        this.columnTagger = mode == InputMode.RAW ? new TextColumnTagger(types) : new TokensColumnTagger(types);
        this.column = column;
        this.rowsPerCall = rowsPerCall;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new TaggedRows(input, column, rowsPerCall, columnTagger, this::tagger);
    }

    private Recognizer tagger() {
        Path directory = model.resolve();
        try {
            return ExecutorTaggers.get(directory, config);
        } catch (ModelLoadException e) {
            throw new UncheckedIOException(
                    "cannot load the model " + model + " (on this machine " + directory.toAbsolutePath() + "): "
                            + e.getMessage(),
                    e);
        }
    }
}
