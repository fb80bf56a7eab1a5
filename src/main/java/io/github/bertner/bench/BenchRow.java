package io.github.bertner.bench;

/** One way of tagging a workload, timed by {@link Benchmark}. */
public interface BenchRow extends AutoCloseable {

    /**
     * @return the row's name in the report
     */
    String name();

    /**
     * Tags every word of the workload once.
     *
     * @param workload the input
     * @throws Exception if tagging fails
     */
    void run(Workload workload) throws Exception;

    /** Releases what the row holds; by default nothing. */
    @Override
    default void close() throws Exception {}
}
