package io.github.bertner.train;

import io.github.bertner.EntityTypes;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TokenSpan;
import io.github.bertner.conll.EntityCounts;
import io.github.bertner.conll.EntityEvaluation;
import io.github.bertner.convert.CheckpointConverter;
import io.github.bertner.convert.ConversionOptions;
import io.github.bertner.convert.Parameter;
import io.github.bertner.internal.FileTrees;
import io.github.bertner.tagger.Tagger;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores the weights of an epoch on the dev data exactly as {@code evaluate} scores a model: the weights are written
 * as a checkpoint, converted as any checkpoint is, and tagged with the host tokens; entity precision, recall and F1
 * follow conlleval's rules.
 */
final class DevEvaluation {
    private static final int SENTENCES_PER_CALL = 64;

    private final List<LabeledSentence> dev;
    private final CheckpointWriter writer;
    private final RecognizerConfig config;

    DevEvaluation(List<LabeledSentence> dev, CheckpointWriter writer, RecognizerConfig config) {
        this.dev = List.copyOf(dev);
        this.writer = writer;
        this.config = config;
    }

    /**
     * Scores the weights.
     *
     * @param scratch an empty folder to work in, removed afterwards
     */
    EntityCounts score(Path scratch, List<Parameter> parameters, FloatBuffer[] weights) throws IOException {
        Path checkpoint = scratch.resolve("checkpoint");
        Path model = scratch.resolve("model");
        try {
            Files.createDirectories(checkpoint);
            writer.write(checkpoint, parameters, weights);
            CheckpointConverter.convert(checkpoint, model, ConversionOptions.DEFAULTS);
            EntityEvaluation evaluation = new EntityEvaluation();
            try (Tagger tagger = Tagger.loadDirectory(model, config)) {
                for (int from = 0; from < dev.size(); from += SENTENCES_PER_CALL) {
                    List<LabeledSentence> chunk = dev.subList(from, Math.min(dev.size(), from + SENTENCES_PER_CALL));
                    List<String[]> tokens = new ArrayList<>();
                    chunk.forEach(sentence -> tokens.add(sentence.words()));
                    List<List<TokenSpan>> predicted = tagger.tagTokens(tokens, EntityTypes.model());
                    for (int i = 0; i < chunk.size(); i++) {
                        evaluation.add(chunk.get(i).labels(), predicted.get(i));
                    }
                }
            }
            return evaluation.total();
        } finally {
            FileTrees.delete(scratch);
        }
    }
}
