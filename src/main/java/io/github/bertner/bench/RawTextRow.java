package io.github.bertner.bench;

import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import java.util.List;

/**
 * A recognizer in raw-text mode, as the Hugging Face pipeline is used: each sentence's words joined by spaces, all
 * sentences in one call. The texts are joined
 * once per workload (in the first pass, a warm-up one by default).
 */
public final class RawTextRow implements BenchRow {
    private final String name;
    private final Recognizer tagger;
    private Workload joined;
    private List<String> texts;

    /**
     * @param name the row's name
     * @param tagger the recognizer (owned by the caller)
     */
    public RawTextRow(String name, Recognizer tagger) {
        this.name = name;
        this.tagger = tagger;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(Workload workload) {
        tagger.tag(texts(workload), EntityTypes.model());
    }

    private List<String> texts(Workload workload) {
        if (workload != joined) {
            texts = workload.sentences().stream()
                    .map(words -> String.join(" ", words))
                    .toList();
            joined = workload;
        }
        return texts;
    }
}
