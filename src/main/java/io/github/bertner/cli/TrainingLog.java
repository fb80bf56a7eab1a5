package io.github.bertner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code train --log FILE}: one JSON line per step and per scored epoch, each flushed as it is written, so that a
 * run stopped at any moment leaves whole lines. A resumed run appends to the file.
 */
final class TrainingLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;

    private TrainingLog(BufferedWriter out) {
        this.out = out;
    }

    /** The log of a file, or one that writes nothing for null. */
    static TrainingLog open(Path file, boolean append) throws IOException {
        if (file == null) {
            return new TrainingLog(null);
        }
        return new TrainingLog(Files.newBufferedWriter(
                file,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING));
    }

    void step(long step, double epoch, double loss, double gradNorm, double learningRate) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("epoch", epoch);
        line.put("loss", loss);
        line.put("grad_norm", gradNorm);
        line.put("learning_rate", learningRate);
        write(line);
    }

    void evaluated(int epoch, double precision, double recall, double f1) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("epoch", epoch);
        line.put("dev_precision", precision);
        line.put("dev_recall", recall);
        line.put("dev_f1", f1);
        write(line);
    }

    private void write(Map<String, Object> line) {
        if (out == null) {
            return;
        }
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the training log cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
