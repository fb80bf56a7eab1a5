package io.github.bertner;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a loaded model is, for checking an export before trusting it.
 *
 * @param directory the model directory
 * @param onnxModel the ONNX graph in use
 * @param modelType {@code model_type} from {@code config.json}
 * @param labels {@code id2label}, ordered by id; none for a zero-shot span model
 * @param inputs the graph's declared inputs
 * @param maxPositions the longest window in positions, specials included
 * @param tokenizerSource the tokenizer file: {@code tokenizer.json}, or the original file it was built from
 *     ({@code vocab.txt}, {@code sentencepiece.bpe.model}, {@code spm.model} or {@code vocab.json})
 * @param tokenizer the tokenizer's family, vocabulary and normalizer settings
 * @param int8Weights the graph's integer products, and whether their weights can saturate on some processors
 * @param kind a fine-tuned token classifier, or a zero-shot span model
 * @param packsSequences whether the graph runs several sentences (windows) in one row, each as if alone: graphs that
 *     bert-ner converts do, and bert-ner then packs short sentences into the rows of long ones
 */
public record ModelInfo(
        Path directory,
        Path onnxModel,
        String modelType,
        List<String> labels,
        Set<String> inputs,
        int maxPositions,
        Path tokenizerSource,
        TokenizerSettings tokenizer,
        Int8Weights int8Weights,
        ModelKind kind,
        boolean packsSequences) {

    /** Copies the collections. */
    public ModelInfo {
        labels = List.copyOf(labels);
        inputs = Set.copyOf(inputs);
    }
}
