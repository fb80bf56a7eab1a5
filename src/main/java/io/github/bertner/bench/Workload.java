package io.github.bertner.bench;

import java.util.List;

/**
 * The input of one benchmark: sentences of host tokens, all tagged in one pass.
 *
 * @param name what the input is, for the report
 * @param sentences the sentences
 */
public record Workload(String name, List<String[]> sentences) {

    /** Copies the list. */
    public Workload {
        sentences = List.copyOf(sentences);
    }

    /**
     * @return the number of host tokens (words) over all sentences
     */
    public int words() {
        return sentences.stream().mapToInt(s -> s.length).sum();
    }

    /**
     * The same words as one long sentence (a document without sentence boundaries).
     *
     * @param name the new workload's name
     * @return a workload with one sentence
     */
    public Workload asOneDocument(String name) {
        return new Workload(
                name,
                List.<String[]>of(
                        sentences.stream().flatMap(java.util.Arrays::stream).toArray(String[]::new)));
    }
}
