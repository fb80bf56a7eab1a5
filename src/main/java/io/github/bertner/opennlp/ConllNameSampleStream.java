package io.github.bertner.opennlp;

import io.github.bertner.conll.BioChunker;
import io.github.bertner.conll.ConllReader;
import io.github.bertner.conll.ConllSentence;
import io.github.bertner.conll.LabelMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import opennlp.tools.namefind.NameSample;
import opennlp.tools.util.FilterObjectStream;
import opennlp.tools.util.InvalidFormatException;
import opennlp.tools.util.MarkableFileInputStreamFactory;
import opennlp.tools.util.ObjectStream;
import opennlp.tools.util.PlainTextByLineStream;
import opennlp.tools.util.Span;

/**
 * Reads a CoNLL-style named-entity file with BIO labels as OpenNLP {@link NameSample}s, for example to
 * feed {@link opennlp.tools.namefind.TokenNameFinderEvaluator}. It reads, chunks and maps exactly as
 * {@code bert-ner evaluate} does ({@link ConllReader}, {@link BioChunker}, {@link LabelMap}), so both give
 * the same F1 on the same file.
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

    private final LabelMap typeMapping;
    private ConllReader reader;

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
        this.typeMapping = LabelMap.of(typeMapping);
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
        if (reader == null) {
            reader = new ConllReader(samples::read);
        }
        ConllSentence sentence;
        try {
            if (!reader.hasNext()) {
                return null;
            }
            sentence = reader.next();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String[] labels = typeMapping.apply(labels(sentence));
        Span[] names = BioChunker.spans(labels).stream()
                .map(span -> new Span(span.start(), span.end(), span.label()))
                .toArray(Span[]::new);
        return new NameSample(sentence.tokens(), names, sentence.startsDocument());
    }

    /**
     * Starts again from the first line.
     *
     * @throws IOException if the lines cannot be reset
     */
    @Override
    public void reset() throws IOException {
        super.reset();
        reader = null;
    }

    private static String[] labels(ConllSentence sentence) throws InvalidFormatException {
        String[] labels;
        try {
            labels = sentence.lastColumn();
        } catch (IllegalArgumentException e) {
            throw new InvalidFormatException(e.getMessage(), e);
        }
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            boolean bio =
                    label.length() >= 3 && label.charAt(1) == '-' && (label.charAt(0) == 'B' || label.charAt(0) == 'I');
            if (!OUTSIDE.equals(label) && !bio) {
                throw new InvalidFormatException(
                        "line " + (sentence.firstLine() + i) + ": label '" + label + "' is not O, B-TYPE or I-TYPE");
            }
        }
        return labels;
    }

    private static ObjectStream<String> requireLines(ObjectStream<String> lines) {
        if (lines == null) {
            throw new IllegalArgumentException("lines is null");
        }
        return lines;
    }
}
