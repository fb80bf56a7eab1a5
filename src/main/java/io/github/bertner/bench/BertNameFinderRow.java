package io.github.bertner.bench;

import io.github.bertner.opennlp.BertNameFinder;
import io.github.bertner.tagger.Tagger;

/** The OpenNLP adapter's batch API on the whole workload, over a shared tagger. */
public final class BertNameFinderRow implements BenchRow {
    private final BertNameFinder finder;

    /**
     * @param tagger the tagger to share (owned by the caller)
     */
    public BertNameFinderRow(Tagger tagger) {
        this.finder = BertNameFinder.sharing(tagger);
    }

    @Override
    public String name() {
        return "BertNameFinder.findAll";
    }

    @Override
    public void run(Workload workload) {
        finder.findAll(workload.sentences());
    }
}
