package io.github.bertner.cli;

import io.github.bertner.ModelLocation;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.ConversionOptions;
import io.github.bertner.hub.HubSettings;
import io.github.bertner.loader.ModelResolver;
import io.github.bertner.model.ModelFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code convert}: a checkpoint (local or on the Hub) to a model directory with {@code model.onnx}. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        header = "Converts a checkpoint, or copies an ONNX export, to a model directory; int8 too.",
        description = {
            "Converts a token-classification checkpoint of BERT, RoBERTa, XLM-RoBERTa, CamemBERT, DistilBERT, ELECTRA,"
                    + " DeBERTa-v2/v3 or ModernBERT (model_type bert, roberta, xlm-roberta, camembert, distilbert, electra,"
                    + " deberta-v2, modernbert; model.safetensors, pytorch_model.bin or their shards with an index, config.json,"
                    + " and tokenizer.json or the original tokenizer files) to a model directory with model.onnx (and"
                    + " model.onnx_data past 1 GiB of weights) and tokenizer.json.",
            "Also converts a GLiNER span model (gliner_config.json, span_mode markerV0, such as urchade/gliner_multi-v2.1):"
                    + " a repository without a tokenizer of its own takes its backbone's (model_name), fetched from the Hub"
                    + " for hf: locations, else found with --backbone or in the Hugging Face cache.",
            "The checkpoint is a local directory or hf:ORG/NAME[@REVISION]; a directory or Hub repository that already has"
                    + " an ONNX export is copied as it is, and with --quantize its model_quantized.onnx is written anew by"
                    + " bert-ner's quantizer (which replaces an int8 model whose weights can saturate on x86 processors without"
                    + " VNNI)."
        })
final class ConvertCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "LOCATION",
            description = "The checkpoint: a directory, hf:ORG/NAME or hf:ORG/NAME@REVISION.")
    String model;

    @Option(
            names = "--output",
            required = true,
            paramLabel = "DIR",
            description = "The model directory to create (must not exist, or be empty).")
    Path output;

    @Option(
            names = "--quantize",
            description = "Also write model_quantized.onnx: int8 weights, activations quantized per call"
                    + " (ONNX Runtime's dynamic quantization); select it with --quantized.")
    boolean quantize;

    @Option(
            names = "--backbone",
            paramLabel = "DIR",
            description =
                    "For a GLiNER checkpoint without a tokenizer: a directory with its backbone's config.json and"
                            + " tokenizer files (default: its model_name as a folder, or that repository in the Hugging Face cache).")
    Path backbone;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ModelLocation location = ModelLocation.parse(model);
        Optional<Path> directory = location.localDirectory();
        if (directory.isPresent() && CheckpointConverter.isCheckpoint(directory.get())) {
            Optional<Path> backboneFiles = backbone != null
                    ? Optional.of(backbone)
                    : ModelResolver.localBackbone(directory.get(), HubSettings.fromEnvironment());
            CheckpointConverter.convert(
                    directory.get(),
                    output,
                    ConversionOptions.DEFAULTS.withBackbone(backboneFiles).withQuantize(quantize));
        } else {
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            Path converted = ModelResolver.resolve(
                    location,
                    false,
                    HubSettings.fromEnvironment(),
                    new DownloadProgressBar(err, System.console() != null));
            CheckpointConverter.copyModel(converted, output, quantize);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Wrote " + ModelFiles.onnx(output, false)
                + (quantize ? " and " + ModelFiles.onnx(output, true) : "") + " (from " + location + ")");
        Output.flush(out);
        return 0;
    }
}
