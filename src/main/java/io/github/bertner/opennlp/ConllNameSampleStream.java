package io.github.bertner.opennlp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.util.FilterObjectStream;
import opennlp.tools.util.InvalidFormatException;
import opennlp.tools.util.MarkableFileInputStreamFactory;
import opennlp.tools.util.ObjectStream;
import opennlp.tools.util.PlainTextByLineStream;

/**
 * Reads a CoNLL-style named-entity file with BIO labels as OpenNLP {@link NameSample}s, for example to
 * feed {@link opennlp.tools.namefind.TokenNameFinderEvaluator}.
 *
 * <p>Format: one token per line, the token in the first column and its label ({@code O},
 * {@code B-TYPE} or {@code I-TYPE}) in the last, columns separated by tabs (or, on a line without a tab,
 * by spaces); a blank line ends a sentence. A line whose first column is {@code -DOCSTART-} starts a new
 * document: the next sample has {@link NameSample#isClearAdaptiveDataSet()} set.
 *
 * <p>Entities follow the conlleval rules: {@code B-X} starts an entity of type {@code X}; {@code I-X}
 * continues an entity of type {@code X} on the previous token, and otherwise (after {@code O} or after
 * another type) starts a new one. Name spans are over token indices of the sample's sentence.
 *
 * <p>A type mapping renames entity types before the entities are formed; mapping a type to
 * {@link #OUTSIDE} drops it (its tokens read as {@code O}), which is how a gold type the model does not
 * know (for example DaNE's {@code MISC}) is left out of an evaluation. Types not in the mapping are kept.
 *
 * <p>Not thread-safe, like every {@link ObjectStream}.
 */
public final class ConllNameSampleStream extends FilterObjectStream<String, NameSample> {
    /** The label outside every entity; as the value of a type mapping, it drops that type. */
    public static final String OUTSIDE = "O";

    private static final String DOCUMENT_START = "-DOCSTART-";

    private final Map<String, String> typeMapping;
    private int lineNumber;
    private boolean documentStartsNext;

    /**
     * A stream over lines, with every entity type kept.
     *
     * @param lines the file's lines, for example a {@link PlainTextByLineStream}
     */
    public ConllNameSampleStream(ObjectStream<String> lines) {
        this(lines, Map.of());
    }

    /**
     * A stream over lines, with entity types renamed or dropped.
     *
     * @param lines the file's lines, for example a {@link PlainTextByLineStream}
     * @param typeMapping entity type (without BIO prefix) to the type to report instead, or to
     *     {@link #OUTSIDE} to drop it; for example {@code Map.of("MISC", "O")}
     * @throws IllegalArgumentException if {@code lines} or {@code typeMapping} is null, or the mapping has
     *     a null or empty key or value
     */
    public ConllNameSampleStream(ObjectStream<String> lines, Map<String, String> typeMapping) {
        super(requireLines(lines));
        this.typeMapping = checkedMapping(typeMapping);
    }

    /**
     * Opens a UTF-8 file.
     *
     * @param file the CoNLL file
     * @param typeMapping as for {@link #ConllNameSampleStream(ObjectStream, Map)}
     * @return a stream over the file's sentences; close it when done
     * @throws IOException if the file cannot be opened
     */
    public static ConllNameSampleStream open(Path file, Map<String, String> typeMapping) throws IOException {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        return new ConllNameSampleStream(
                new PlainTextByLineStream(new MarkableFileInputStreamFactory(file.toFile()), StandardCharsets.UTF_8),
                typeMapping);
    }

    /**
     * Reads the next sentence.
     *
     * @return the next sentence with its names, or null at the end of the input
     * @throws InvalidFormatException naming the line number of a line without a label or with a label
     *     that is not {@code O}, {@code B-TYPE} or {@code I-TYPE}
     * @throws IOException if the lines cannot be read
     */
    @Override
    public NameSample read() throws IOException {
        boolean clearAdaptiveData = documentStartsNext;
        documentStartsNext = false;
        List<String> tokens = new ArrayList<>();
        BioSpans names = new BioSpans();
        String line;
        while ((line = samples.read()) != null) {
            lineNumber++;
            String[] columns = columns(line);
            if (columns.length == 0) {
                if (tokens.isEmpty()) {
                    continue;
                }
                break;
            }
            if (DOCUMENT_START.equals(columns[0])) {
                if (tokens.isEmpty()) {
                    clearAdaptiveData = true;
                    continue;
                }
                documentStartsNext = true;
                break;
            }
            names.add(tokens.size(), label(columns, line));
            tokens.add(columns[0]);
        }
        if (tokens.isEmpty()) {
            return null;
        }
        return new NameSample(tokens.toArray(String[]::new), names.finish(tokens.size()), clearAdaptiveData);
    }

    /**
     * Starts again from the first line.
     *
     * @throws IOException if the lines cannot be reset
     */
    @Override
    public void reset() throws IOException {
        super.reset();
        lineNumber = 0;
        documentStartsNext = false;
    }

    private BioSpans.Label label(String[] columns, String line) throws InvalidFormatException {
        if (columns.length < 2) {
            throw new InvalidFormatException("line " + lineNumber + ": expected a token and a label, found '" + line + "'");
        }
        String label = columns[columns.length - 1];
        if (OUTSIDE.equals(label)) {
            return BioSpans.Label.OUTSIDE;
        }
        if (label.length() < 3 || label.charAt(1) != '-' || (label.charAt(0) != 'B' && label.charAt(0) != 'I')) {
            throw new InvalidFormatException("line " + lineNumber + ": label '" + label + "' is not O, B-TYPE or I-TYPE");
        }
        String type = typeMapping.getOrDefault(label.substring(2), label.substring(2));
        return OUTSIDE.equals(type) ? BioSpans.Label.OUTSIDE : new BioSpans.Label(label.charAt(0) == 'B', type);
    }

    private static String[] columns(String line) {
        if (line.isBlank()) {
            return new String[0];
        }
        return line.indexOf('\t') >= 0 ? line.strip().split("\t") : line.strip().split("\\s+");
    }

    private static ObjectStream<String> requireLines(ObjectStream<String> lines) {
        if (lines == null) {
            throw new IllegalArgumentException("lines is null");
        }
        return lines;
    }

    private static Map<String, String> checkedMapping(Map<String, String> typeMapping) {
        if (typeMapping == null) {
            throw new IllegalArgumentException("typeMapping is null");
        }
        Map<String, String> copy = new HashMap<>();
        typeMapping.forEach((type, replacement) -> {
            if (type == null || type.isEmpty() || replacement == null || replacement.isEmpty()) {
                throw new IllegalArgumentException("typeMapping has a null or empty entry: " + type + " -> " + replacement);
            }
            copy.put(type, replacement);
        });
        return Map.copyOf(copy);
    }
}
