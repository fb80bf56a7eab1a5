package io.github.bertner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.TokenSpan;
import io.github.bertner.conll.BioChunker;
import io.github.bertner.conll.ConllSentence;
import io.github.bertner.conll.EntityCounts;
import io.github.bertner.conll.EntityEvaluation;
import io.github.bertner.conll.LabelMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: entity-level precision, recall and F1 on CoNLL-style gold data (conlleval rules). */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Scores the model on CoNLL-style gold data: entity precision, recall and F1.",
        description = {
            "Scores the model on CoNLL-style data (token in the first column, gold BIO label in the last; columns"
                    + " separated by tabs, or by spaces on a line without a tab; a blank line between sentences; -DOCSTART-"
                    + " lines skipped): entity-level precision, recall and F1 per type and micro-averaged, an entity counting"
                    + " as correct only with exact span and type (conlleval rules). Input without sentences, or with a last"
                    + " column that is not a BIO label (O, B-TYPE, I-TYPE), is refused."
        })
final class EvaluateCommand implements Callable<Integer> {
    private static final int SENTENCES_PER_BATCH = 64;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "Gold data, CoNLL-style.")
    Path data;

    @Option(
            names = "--label-map",
            paramLabel = "TYPE=TARGET",
            description =
                    "Maps an entity type before scoring, gold (B- and I-) and predicted alike: MISC=O for a model without"
                            + " MISC, person=PER for a zero-shot model asked for --labels person. Repeatable.")
    List<String> labelMap = new ArrayList<>();

    @Option(names = "--json", description = "Write the scores as JSON instead of a table.")
    boolean json;

    @Option(names = "--no-progress", description = "Do not show a progress bar on standard error.")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        LabelMap map = LabelMap.parse(labelMap);
        List<ConllSentence> sentences = read();
        EntityEvaluation evaluation = new EntityEvaluation();
        try (Recognizer tagger = modelOptions.load()) {
            EntityTypes types = modelOptions.types();
            ProgressBar progress = new ProgressBar(
                    spec.commandLine().getErr(),
                    sentences.size(),
                    "sentences",
                    !noProgress && System.console() != null);
            for (int from = 0; from < sentences.size(); from += SENTENCES_PER_BATCH) {
                List<ConllSentence> batch =
                        sentences.subList(from, Math.min(sentences.size(), from + SENTENCES_PER_BATCH));
                score(tagger, types, batch, map, evaluation);
                progress.advance(batch.size());
            }
            progress.finish();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(evaluation) : table(evaluation));
        Output.flush(out);
        return 0;
    }

    /** The gold sentences: at least one, every label BIO. */
    private List<ConllSentence> read() throws IOException {
        return ConllInput.read(data, sentence -> {
            checkLabels(sentence);
            return sentence;
        });
    }

    private static void checkLabels(ConllSentence sentence) {
        String[] labels = sentence.lastColumn();
        for (int i = 0; i < labels.length; i++) {
            if (!BioChunker.isBioLabel(labels[i])) {
                throw new IllegalArgumentException("line " + (sentence.firstLine() + i) + ": '" + labels[i]
                        + "' is not a BIO label (O, B-TYPE or I-TYPE) in the last column");
            }
        }
    }

    private static void score(
            Recognizer tagger,
            EntityTypes types,
            List<ConllSentence> batch,
            LabelMap map,
            EntityEvaluation evaluation) {
        List<String[]> tokens = new ArrayList<>(batch.size());
        batch.forEach(sentence -> tokens.add(sentence.tokens()));
        List<List<TokenSpan>> predicted = tagger.tagTokens(tokens, types);
        for (int i = 0; i < batch.size(); i++) {
            evaluation.add(map.apply(batch.get(i).lastColumn()), map.applyToSpans(predicted.get(i)));
        }
    }

    private static String table(EntityEvaluation evaluation) {
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "%-8s %9s %9s %9s %6s %9s %7s%n",
                "type",
                "precision",
                "recall",
                "f1",
                "gold",
                "predicted",
                "correct"));
        evaluation.byType().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> table.append(row(e.getKey(), e.getValue())));
        table.append(row("micro", evaluation.total()));
        table.append(String.format(Locale.ROOT, "token accuracy %.4f%n", evaluation.accuracy()));
        return table.toString();
    }

    private static String row(String name, EntityCounts counts) {
        return String.format(
                Locale.ROOT,
                "%-8s %9.3f %9.3f %9.3f %6d %9d %7d%n",
                name,
                counts.precision(),
                counts.recall(),
                counts.f1(),
                counts.gold(),
                counts.predicted(),
                counts.correct());
    }

    private static String json(EntityEvaluation evaluation) throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("micro", scores(evaluation.total()));
        result.put("accuracy", evaluation.accuracy());
        Map<String, Object> types = new java.util.TreeMap<>();
        evaluation.byType().forEach((type, counts) -> types.put(type, scores(counts)));
        result.put("types", types);
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result) + System.lineSeparator();
    }

    private static Map<String, Object> scores(EntityCounts counts) {
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("precision", counts.precision());
        scores.put("recall", counts.recall());
        scores.put("f1", counts.f1());
        scores.put("gold", counts.gold());
        scores.put("predicted", counts.predicted());
        scores.put("correct", counts.correct());
        return scores;
    }
}
