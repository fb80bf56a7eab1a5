package io.github.bertner.bench;

import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;

/** A recognizer (the core tagger, or a zero-shot model) in host-token mode: the whole workload in one batched call. */
public final class TaggerRow implements BenchRow {
    private final String name;
    private final Recognizer tagger;
    private final EntityTypes types;

    /**
     * @param name the row's name
     * @param tagger the recognizer (owned by the caller)
     * @param types the entity types to find
     */
    public TaggerRow(String name, Recognizer tagger, EntityTypes types) {
        this.name = name;
        this.tagger = tagger;
        this.types = types;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(Workload workload) {
        tagger.tagTokens(workload.sentences(), types);
    }
}
