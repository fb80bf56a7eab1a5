package io.github.bertner.opennlp;

// docs/opennlp.md shows this file from the next line on; OpenNlpDocsTest keeps the two the same.
import io.github.bertner.Aggregation;
import io.github.bertner.TaggerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import opennlp.tools.namefind.TokenNameFinderEvaluator;
import opennlp.tools.util.eval.FMeasure;

public class EvaluateNames {

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args.length > 0 ? args[0] : "testdata/danish-ner-mini");
        Path gold = Path.of(args.length > 1 ? args[1] : "testdata/dane/ddt.test.bio.tsv");
        System.out.println(evaluate(model, gold));
    }

    /** Precision, recall and F1 over entities, with OpenNLP's own evaluator; gold MISC is left out. */
    public static FMeasure evaluate(Path model, Path conllFile) throws IOException {
        TaggerConfig config =
                TaggerConfig.builder().aggregation(Aggregation.FIRST).build();
        try (BertNameFinder finder = BertNameFinder.load(model, config);
                ConllNameSampleStream gold = ConllNameSampleStream.open(conllFile, Map.of("MISC", "O"))) {
            TokenNameFinderEvaluator evaluator = new TokenNameFinderEvaluator(finder);
            evaluator.evaluate(gold);
            return evaluator.getFMeasure();
        }
    }
}
