package io.github.bertner.bench;

import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;

/** A {@link TaggerRow} that closes its recognizer with the row. */
final class OwningRecognizerRow implements BenchRow {
    private final TaggerRow row;
    private final Recognizer recognizer;

    OwningRecognizerRow(String name, Recognizer recognizer) {
        this(name, recognizer, EntityTypes.model());
    }

    OwningRecognizerRow(String name, Recognizer recognizer, EntityTypes types) {
        this.row = new TaggerRow(name, recognizer, types);
        this.recognizer = recognizer;
    }

    @Override
    public String name() {
        return row.name();
    }

    @Override
    public void run(Workload workload) {
        row.run(workload);
    }

    @Override
    public void close() {
        recognizer.close();
    }
}
