package io.github.bertner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.ModelInfo;
import io.github.bertner.ModelKind;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.TokenizerSettings;
import io.github.bertner.runtime.Int8Kernels;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code info}: what a model directory holds, to check an export before trusting it. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Shows what a model holds: its kind, labels, inputs, tokenizer and int8 weights.",
        description =
                "Shows the model's kind (a token classifier, or a zero-shot GLiNER model), labels, inputs, maximum length, tokenizer (family, vocabulary size, normalizer"
                        + " settings) and, for an int8 model, whether its weights can saturate on some processors.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    ModelChoice model;

    @Option(names = "--quantized", description = "Show model_quantized.onnx (int8) instead of model.onnx.")
    boolean quantized;

    @Option(names = "--json", description = "Write the information as JSON (keys as shown, spaces as underscores).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> fields;
        RecognizerConfig config =
                RecognizerConfig.builder().quantized(quantized).build();
        try (Recognizer recognizer = Recognizers.load(model.directory(quantized), config)) {
            fields = fields(recognizer.info());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> keyed = new LinkedHashMap<>();
            fields.forEach((name, value) -> keyed.put(name.replace(' ', '_'), value));
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(keyed));
        } else {
            fields.forEach((name, value) -> out.printf("%-24s %s%n", name + ":", value));
        }
        Output.flush(out);
        return 0;
    }

    private static Map<String, Object> fields(ModelInfo info) {
        TokenizerSettings tokenizer = info.tokenizer();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", info.kind().description());
        fields.put("directory", info.directory().toString());
        fields.put("onnx model", info.onnxModel().toString());
        fields.put("model type", info.modelType());
        fields.put("labels", info.kind() == ModelKind.ZERO_SHOT_SPANS ? "(any, named with --labels)" : info.labels());
        fields.put("inputs", new TreeSet<>(info.inputs()));
        fields.put("max positions", info.maxPositions());
        fields.put(
                "packs sentences",
                info.packsSequences()
                        ? "yes (several short ones to a row, each as if alone)"
                        : "no (one a row, padded)");
        fields.put("tokenizer", info.tokenizerSource().toString());
        fields.put("tokenizer family", tokenizer.family());
        fields.put("tokenizer model", tokenizer.modelType());
        fields.put("vocabulary size", tokenizer.vocabularySize());
        fields.put("lowercase", tokenizer.lowercase());
        fields.put("strip accents", tokenizer.stripAccents());
        fields.put("subword prefix", tokenizer.continuingSubwordPrefix().orElse("(none)"));
        fields.put("unknown token", tokenizer.unknownToken().orElse("(none)"));
        fields.put("int8 weights", Int8Kernels.thisProcessor().describe(info.int8Weights(), info.directory()));
        return fields;
    }
}
