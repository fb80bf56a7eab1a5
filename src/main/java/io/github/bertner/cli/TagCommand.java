package io.github.bertner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.bertner.Entity;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.TokenLabels;
import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tag}: finds entities in text, one document per line, or in CoNLL-style token columns. */
@Command(
        name = "tag",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Finds named entities in text, one document per line, or in CoNLL-style tokens.",
        description = {
            "Finds named entities. Reads UTF-8 text, one document per line, and writes one JSON object per line, as soon"
                    + " as the lines have arrived (up to 256 at a time):",
            "  {\"text\": \"…\", \"entities\": [{\"label\": \"PER\", \"start\": 0, \"end\": 12, \"score\": 0.99, \"text\": \"…\"}]}",
            "start/end are UTF-16 offsets (Java String indices) into the line.",
            "With --pretokenized, reads CoNLL-style lines (token in the first column; columns separated by tabs, or by"
                    + " spaces on a line without a tab; a blank line between sentences; -DOCSTART- lines skipped) and appends"
                    + " the predicted BIO label as a new last column."
        })
final class TagCommand implements Callable<Integer> {
    private static final int LINES_PER_BATCH = 256;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--input", paramLabel = "FILE", description = "Input file (default: standard input).")
    Path input;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Write to this file, which appears only when every line is tagged (default: standard output,"
                    + " where each result is written as soon as it is ready, and a run cut short leaves the lines"
                    + " before it: its exit code says so).")
    Path output;

    @Option(
            names = "--pretokenized",
            description = "Input is CoNLL-style: one token per line, blank line between sentences.")
    boolean pretokenized;

    @Option(names = "--scores", description = "With --pretokenized: also append each token's score as a last column.")
    boolean scores;

    @Option(
            names = "--skip-bad-lines",
            description = "Skip a line that is not valid UTF-8, with a warning on standard error, instead of stopping"
                    + " there (after writing the results of the lines before it).")
    boolean skipBadLines;

    @Option(
            names = "--tokenizer",
            paramLabel = "TOKENIZER",
            description =
                    "Tokenize each line with OpenNLP (simple, whitespace, or a TokenizerME model file) and tag its tokens"
                            + " (host-token mode); the output is the same JSON with character offsets.")
    String tokenizer;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (pretokenized && tokenizer != null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--tokenizer and --pretokenized exclude each other: pretokenized input has its tokens");
        }
        if (scores && !pretokenized) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--scores needs --pretokenized: the JSON output has a score per entity already");
        }
        try (Recognizer recognizer = modelOptions.load();
                LineReader reader = TextInput.open(input);
                CompleteFile file = output == null ? null : CompleteFile.create(output)) {
            PrintWriter out = file == null ? spec.commandLine().getOut() : file.writer();
            EntityTypes types = modelOptions.types();
            if (pretokenized) {
                tagConll(recognizer, types, reader, out);
            } else {
                tagLines(lineTagger(recognizer, types), reader, out);
            }
            if (file != null) {
                file.complete();
            } else {
                Output.flush(out);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return 0;
    }

    private LineTagger lineTagger(Recognizer recognizer, EntityTypes types) throws IOException {
        return tokenizer == null
                ? lines -> recognizer.tag(lines, types)
                : new TokenizedLineTagger(TokenizerChoice.load(tokenizer), recognizer, types);
    }

    /**
     * Tags the lines that have arrived, up to {@link #LINES_PER_BATCH} at a time, and writes their results before
     * waiting for more: a file is tagged in full batches, a pipe or terminal answers each line as it comes.
     */
    private void tagLines(LineTagger tagger, LineReader reader, PrintWriter out) throws IOException {
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        List<String> batch = new ArrayList<>();
        try {
            for (String line = nextLine(reader); line != null; line = nextLine(reader)) {
                batch.add(line);
                if (batch.size() == LINES_PER_BATCH || !reader.lineReady()) {
                    writeJson(json, batch, tagger.tag(batch), out);
                }
            }
        } catch (LineReader.MalformedLineException e) {
            writeJson(json, batch, tagger.tag(batch), out);
            throw e;
        }
        writeJson(json, batch, tagger.tag(batch), out);
    }

    private void writeJson(ObjectMapper json, List<String> lines, List<List<Entity>> entities, PrintWriter out)
            throws IOException {
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("text", lines.get(i));
            record.put("entities", entities.get(i));
            out.println(json.writeValueAsString(record));
        }
        lines.clear();
        Output.flush(out);
    }

    /** The next line; with {@code --skip-bad-lines}, a line that is not UTF-8 is skipped with a warning. */
    private String nextLine(LineReader reader) throws IOException {
        while (true) {
            try {
                return reader.readLine();
            } catch (LineReader.MalformedLineException e) {
                if (!skipBadLines) {
                    throw e;
                }
                PrintWriter err = spec.commandLine().getErr();
                err.println("bert-ner tag: warning: " + e.getMessage() + "; skipped");
                err.flush();
            }
        }
    }

    private void tagConll(Recognizer tagger, EntityTypes types, LineReader reader, PrintWriter out) throws IOException {
        ConllReader sentences = new ConllReader(() -> nextLine(reader));
        List<ConllSentence> batch = new ArrayList<>();
        try {
            while (sentences.hasNext()) {
                batch.add(sentences.next());
                if (batch.size() == LINES_PER_BATCH || !reader.lineReady()) {
                    writeConll(tagger, types, batch, out);
                }
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof LineReader.MalformedLineException malformed) {
                writeConll(tagger, types, batch, out);
                throw malformed;
            }
            throw e;
        }
        writeConll(tagger, types, batch, out);
    }

    private void writeConll(Recognizer tagger, EntityTypes types, List<ConllSentence> batch, PrintWriter out)
            throws IOException {
        List<String[]> tokens = new ArrayList<>(batch.size());
        batch.forEach(sentence -> tokens.add(sentence.tokens()));
        List<TokenLabels> labels = tagger.labelTokens(tokens, types);
        for (int s = 0; s < batch.size(); s++) {
            List<String> lines = batch.get(s).lines();
            TokenLabels sentence = labels.get(s);
            double[] tokenScores = sentence.scores();
            for (int t = 0; t < lines.size(); t++) {
                out.print(lines.get(t) + "\t" + sentence.labels().get(t));
                out.println(scores ? "\t" + String.format(java.util.Locale.ROOT, "%.4f", tokenScores[t]) : "");
            }
            out.println();
        }
        batch.clear();
        Output.flush(out);
    }
}
