package io.github.bertner.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.github.bertner.ModelLoadException;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TokenLabels;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.ConversionOptions;
import io.github.bertner.convert.DynamicQuantizer;
import io.github.bertner.convert.DynamicQuantizer.Granularity;
import io.github.bertner.convert.GraphFiles;
import io.github.bertner.internal.FileTrees;
import io.github.bertner.model.ModelFiles;
import io.github.bertner.tagger.Tagger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint converted in Java for the benchmark, with its int8 model in both weight granularities: the
 * converted fp32 graph to set beside the exported one, and the int8 models to set beside fp32. Conversion
 * and quantization are timed; each int8 model's word-label agreement with fp32 is measured once.
 *
 * @param perChannel the converted model directory ({@code model_quantized.onnx} per output column, as
 *     {@code convert --quantize} writes it)
 * @param perTensor the same with one weight scale per matrix
 * @param conversionSeconds converting and writing {@code model.onnx}
 * @param quantizationSeconds quantizing and writing one {@code model_quantized.onnx}
 */
public record ConvertedCheckpoint(
        Path perChannel, Path perTensor, double conversionSeconds, double quantizationSeconds) {

    /**
     * Converts a checkpoint into a temporary folder.
     *
     * @param checkpoint a BertForTokenClassification checkpoint directory
     * @return the converted model directories
     * @throws IOException if the checkpoint cannot be converted
     */
    public static ConvertedCheckpoint of(Path checkpoint) throws IOException {
        Path root = Files.createTempDirectory("bert-ner-bench-");
        Path perChannel = root.resolve("per-channel");
        long started = System.nanoTime();
        CheckpointConverter.convert(checkpoint, perChannel, ConversionOptions.DEFAULTS);
        double conversion = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        CheckpointConverter.quantizeOnce(perChannel);
        double quantization = (System.nanoTime() - started) / 1e9;
        Path perTensor = Files.createDirectories(root.resolve("per-tensor"));
        for (String file :
                new String[] {"config.json", "tokenizer.json", ModelFiles.MODEL_ONNX, GraphFiles.EXTERNAL_DATA}) {
            if (Files.exists(perChannel.resolve(file))) {
                Files.createSymbolicLink(
                        perTensor.resolve(file), perChannel.resolve(file).toAbsolutePath());
            }
        }
        ModelProto fp32;
        try (InputStream in = Files.newInputStream(perChannel.resolve(ModelFiles.MODEL_ONNX))) {
            fp32 = ModelProto.parseFrom(in);
        }
        try (OutputStream out = Files.newOutputStream(perTensor.resolve(ModelFiles.QUANTIZED_ONNX))) {
            DynamicQuantizer.quantize(fp32, Granularity.PER_TENSOR, perChannel).writeTo(out);
        }
        return new ConvertedCheckpoint(perChannel, perTensor, conversion, quantization);
    }

    /**
     * The share of words each int8 model labels as the converted fp32 model does.
     *
     * @param sentences the words, as sentences of tokens
     * @param config the tagger configuration
     * @return agreement by granularity ({@code per channel}, {@code per tensor}), in [0, 1]
     * @throws ModelLoadException if a model cannot be loaded
     */
    public Map<String, Double> agreementWithFp32(List<String[]> sentences, RecognizerConfig config)
            throws ModelLoadException {
        List<String> fp32 = labels(perChannel, config, sentences);
        Map<String, Double> agreement = new LinkedHashMap<>();
        agreement.put(
                "per channel",
                agreement(
                        fp32,
                        labels(perChannel, config.toBuilder().quantized(true).build(), sentences)));
        agreement.put(
                "per tensor",
                agreement(
                        fp32,
                        labels(perTensor, config.toBuilder().quantized(true).build(), sentences)));
        return agreement;
    }

    /** Removes the temporary folder. */
    public void delete() {
        try {
            FileTrees.delete(perChannel.getParent());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> labels(Path model, RecognizerConfig config, List<String[]> sentences)
            throws ModelLoadException {
        List<String> labels = new ArrayList<>();
        try (Tagger tagger = Tagger.loadDirectory(model, config)) {
            for (TokenLabels sentence : tagger.labelTokens(sentences)) {
                labels.addAll(sentence.labels());
            }
        }
        return labels;
    }

    private static double agreement(List<String> a, List<String> b) {
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i).equals(b.get(i)) ? 1 : 0;
        }
        return (double) same / a.size();
    }
}
