package io.github.bertner.bench;

import io.github.bertner.EntityTypes;
import io.github.bertner.RecognizerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link BenchSuite} measures, as {@code bench}'s options say.
 *
 * @param model the model directory
 * @param config its configuration
 * @param types the entity types (a zero-shot model's, or the model's own)
 * @param machine the processor and its features, for the report
 * @param warmup warm-up passes per row
 * @param iterations measured passes per row
 * @param longDocument whether the same words are also measured as one long document
 * @param nameFinderVocabulary the model's {@code vocab.txt}, to measure OpenNLP's NameFinderDL; empty not to
 * @param batchSizes batch sizes for the sweep; empty for none
 * @param checkpoint the model's checkpoint, to convert and measure; empty for none
 * @param json where to write the results as JSON; empty not to
 * @param chart where to write the sweep's chart; empty not to
 */
public record BenchSettings(
        Path model,
        RecognizerConfig config,
        EntityTypes types,
        String machine,
        int warmup,
        int iterations,
        boolean longDocument,
        Optional<Path> nameFinderVocabulary,
        List<Integer> batchSizes,
        Optional<Path> checkpoint,
        Optional<Path> json,
        Optional<Path> chart) {

    /** Copies the list. */
    public BenchSettings {
        batchSizes = List.copyOf(batchSizes);
    }
}
