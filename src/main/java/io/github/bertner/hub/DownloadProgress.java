package io.github.bertner.hub;

/**
 * Told how a download goes, for a progress display. Calls come from the downloading thread; a file that is
 * already cached is not reported.
 */
public interface DownloadProgress {
    /** Reports nothing. */
    DownloadProgress NONE = new DownloadProgress() {};

    /**
     * A download starts.
     *
     * @param file the file's path in the repository
     * @param bytes its size in bytes, or -1 when unknown
     */
    default void started(String file, long bytes) {}

    /**
     * More bytes arrived.
     *
     * @param bytes the bytes received so far for the current file
     */
    default void advanced(long bytes) {}

    /** The current download ended, complete or not. */
    default void finished() {}
}
