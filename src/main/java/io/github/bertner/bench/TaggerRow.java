package io.github.bertner.bench;

import io.github.bertner.Tagger;

/** The core tagger in host-token mode: the whole workload in one batched call. */
public final class TaggerRow implements BenchRow {
    private final String name;
    private final Tagger tagger;

    /**
     * @param name the row's name
     * @param tagger the tagger (owned by the caller)
     */
    public TaggerRow(String name, Tagger tagger) {
        this.name = name;
        this.tagger = tagger;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(Workload workload) {
        tagger.tagTokens(workload.sentences());
    }
}
