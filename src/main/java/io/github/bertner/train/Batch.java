package io.github.bertner.train;

import io.github.bertner.convert.TrainingGraph;
import java.util.Arrays;
import java.util.List;

/**
 * Sequences padded to the longest of them, as transformers' {@code DataCollatorForTokenClassification} pads: ids with
 * the pad id, attention mask 0, labels {@link TrainingGraph#IGNORED}, token types 0. Row-major
 * {@code [rows, width]}.
 *
 * @param rows the sequences
 * @param width the longest sequence, in sub-tokens with the special tokens
 * @param ids the token ids
 * @param attentionMask 1 for a real token
 * @param labels each token's label id, or {@link TrainingGraph#IGNORED}
 */
record Batch(int rows, int width, long[] ids, long[] attentionMask, long[] labels) {

    /** Pads examples into a batch. */
    static Batch of(List<Example> examples, long padId) {
        int width = examples.stream()
                .mapToInt(example -> example.ids().length)
                .max()
                .orElse(0);
        int rows = examples.size();
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] labels = new long[rows * width];
        Arrays.fill(ids, padId);
        Arrays.fill(labels, TrainingGraph.IGNORED);
        for (int r = 0; r < rows; r++) {
            Example example = examples.get(r);
            System.arraycopy(example.ids(), 0, ids, r * width, example.ids().length);
            System.arraycopy(example.labels(), 0, labels, r * width, example.labels().length);
            Arrays.fill(mask, r * width, r * width + example.ids().length, 1L);
        }
        return new Batch(rows, width, ids, mask, labels);
    }

    /** The values of one of the model's inputs. */
    long[] input(String name) {
        return switch (name) {
            case "input_ids" -> ids;
            case "attention_mask" -> attentionMask;
            default -> new long[rows * width];
        };
    }
}
