package io.github.bertner.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * An output file written under a hidden name beside it ({@code .NAME.partial-UUID}) and moved into place only when
 * the command has written all of it, so that a run cut short (an error, Ctrl-C) leaves no file that looks complete.
 * The hidden file is removed when the run fails, and when the JVM exits before it is moved.
 */
final class CompleteFile implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final PrintWriter writer;
    private boolean completed;

    private CompleteFile(Path target, Path partial, PrintWriter writer) {
        this.target = target;
        this.partial = partial;
        this.writer = writer;
    }

    /**
     * Starts the file.
     *
     * @param target where the complete file will be; an existing file there is replaced when this one is complete
     * @return the file to write
     * @throws IOException if its folder does not exist or cannot be written
     */
    static CompleteFile create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial-" + UUID.randomUUID());
        PrintWriter writer = new PrintWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8));
        partial.toFile().deleteOnExit();
        return new CompleteFile(absolute, partial, writer);
    }

    /**
     * Where to write.
     *
     * @return the writer of the hidden file
     */
    PrintWriter writer() {
        return writer;
    }

    /**
     * Moves the written file into place in one step.
     *
     * @throws IOException if a write failed or the file cannot be moved
     */
    void complete() throws IOException {
        writer.flush();
        if (writer.checkError()) {
            throw new IOException("cannot write " + target + " (the disk may be full)");
        }
        writer.close();
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        completed = true;
    }

    /** Removes the hidden file of a run that did not complete. */
    @Override
    public void close() throws IOException {
        if (!completed) {
            writer.close();
            Files.deleteIfExists(partial);
        }
    }
}
