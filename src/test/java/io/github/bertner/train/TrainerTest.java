package io.github.bertner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bertner.Device;
import io.github.bertner.EntityTypes;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.convert.SafetensorsFile;
import io.github.bertner.convert.TrainingGraph;
import io.github.bertner.hub.HubSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's behaviour beyond the torch parity: resuming gives the weights of an uninterrupted run, dropout is
 * drawn from the seed, a new classifier is made for new labels, the output is a model bert-ner runs, and bad data is
 * refused by line.
 */
@Tag("framework")
class TrainerTest {
    private static final Path BERT = Path.of("testdata/architectures/bert");

    @TempDir
    Path temporary;

    private static TrainingSettings settings(boolean shuffle, OptionalDouble dropout, int epochs, long seed) {
        return new TrainingSettings(
                epochs,
                8,
                1e-3,
                0.01,
                0.1,
                1.0,
                seed,
                shuffle,
                dropout,
                false,
                0,
                0,
                1,
                Device.CPU,
                OptionalDouble.empty(),
                false);
    }

    private static List<LabeledSentence> data(int sentences) throws Exception {
        return TrainingData.read(TrainingData.TRAIN).subList(0, sentences);
    }

    private static Map<String, float[]> weights(Path output) throws Exception {
        return SafetensorsFile.readFloats(output.resolve("model.safetensors"));
    }

    private TrainingResult train(String name, TrainingSettings settings, List<LabeledSentence> train) throws Exception {
        return Trainer.run(
                new TrainingJob(BERT, train, List.of(), temporary.resolve(name), settings, false, false),
                new TrainingListener() {},
                () -> false);
    }

    @Test
    void aRunStoppedAndResumedEndsWithTheWeightsOfOneThatWasNot() throws Exception {
        TrainingSettings settings = settings(true, OptionalDouble.empty(), 2, 7);
        List<LabeledSentence> train = data(40);
        train("uninterrupted", settings, train);

        Path output = temporary.resolve("resumed");
        AtomicLong steps = new AtomicLong();
        TrainingListener counting = new TrainingListener() {
            @Override
            public void step(long step, long total, double epoch, double loss, double norm, double rate) {
                steps.set(step);
            }
        };
        TrainingJob job = new TrainingJob(BERT, train, List.of(), output, settings, false, false);
        TrainingStopped stopped =
                assertThrows(TrainingStopped.class, () -> Trainer.run(job, counting, () -> steps.get() == 3));
        assertTrue(stopped.getMessage().contains("step 3"), stopped.getMessage());
        assertFalse(Files.exists(output), "a stopped run leaves no output");
        assertTrue(Files.isDirectory(TrainingState.folder(output).resolve("step-3")));

        TrainingResult result = Trainer.run(
                new TrainingJob(BERT, train, List.of(), output, settings, true, false), counting, () -> false);
        assertEquals(10, result.steps());
        Map<String, float[]> expected = weights(temporary.resolve("uninterrupted"));
        Map<String, float[]> actual = weights(output);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), name));
        assertFalse(Files.exists(TrainingState.folder(output)), "a finished run removes its checkpoints");
    }

    @Test
    void dropoutIsDrawnFromTheSeed() throws Exception {
        List<LabeledSentence> train = data(16);
        train("a", settings(false, OptionalDouble.of(0.1), 1, 1), train);
        train("b", settings(false, OptionalDouble.of(0.1), 1, 1), train);
        train("c", settings(false, OptionalDouble.of(0.1), 1, 2), train);
        train("none", settings(false, OptionalDouble.of(0), 1, 1), train);
        String key = "bert.encoder.layer.0.attention.self.query.weight";
        float[] a = weights(temporary.resolve("a")).get(key);
        assertArrayEquals(a, weights(temporary.resolve("b")).get(key), "the same seed, the same masks");
        assertFalse(Arrays.equals(a, weights(temporary.resolve("c")).get(key)), "another seed, other masks");
        assertFalse(Arrays.equals(a, weights(temporary.resolve("none")).get(key)), "dropout 0.1 is not 0");
    }

    /** One deterministic epoch at a rate that leaves the weights where they were. */
    private static TrainingSettings.Builder standingStill() {
        return TrainingSettings.builder()
                .epochs(1)
                .learningRate(1e-12)
                .shuffle(false)
                .dropout(0)
                .threads(1);
    }

    /** The first sentences with PER renamed PERSON, a label the model does not have. */
    private static List<LabeledSentence> withPersons(int sentences) throws Exception {
        List<LabeledSentence> train = new ArrayList<>();
        for (LabeledSentence sentence : data(sentences)) {
            String[] labels = sentence.labels();
            for (int i = 0; i < labels.length; i++) {
                labels[i] = labels[i].replace("PER", "PERSON");
            }
            train.add(new LabeledSentence(sentence.words(), labels, sentence.source(), sentence.firstLine()));
        }
        return train;
    }

    @Test
    void anExtendedClassifierKeepsTheModelsLabelsAndRowsAndAddsTheNewOnes() throws Exception {
        Path output = temporary.resolve("extended");
        TrainingSettings settings = standingStill().extendClassifier(true).build();
        TrainingResult result = train("extended", settings, withPersons(16));
        List<String> model = TrainingGraph.labels(BERT);
        assertEquals(model, result.labels().subList(0, model.size()), "the model's labels keep their ids");
        assertEquals(
                List.of("B-PERSON", "I-PERSON"),
                result.labels().subList(model.size(), result.labels().size()));
        float[] before =
                SafetensorsFile.readFloats(BERT.resolve("model.safetensors")).get("classifier.weight");
        float[] after = weights(output).get("classifier.weight");
        assertEquals((model.size() + 2) * 32, after.length);
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], 1e-6, "row " + i / 32 + " is the model's");
        }
    }

    @Test
    void theClassifierLearnsAtItsOwnRate() throws Exception {
        TrainingSettings settings = standingStill().classifierLearningRate(1e-2).build();
        train("fast-head", settings, data(16));
        Map<String, float[]> before = SafetensorsFile.readFloats(BERT.resolve("model.safetensors"));
        Map<String, float[]> after = weights(temporary.resolve("fast-head"));
        String encoder = "bert.encoder.layer.0.attention.self.query.weight";
        assertArrayEquals(before.get(encoder), after.get(encoder), 1e-6f, "the encoder barely moves at 1e-12");
        float moved = 0;
        for (int i = 0; i < before.get("classifier.weight").length; i++) {
            moved = Math.max(moved, Math.abs(before.get("classifier.weight")[i] - after.get("classifier.weight")[i]));
        }
        assertTrue(moved > 1e-3, "the classifier moves at 1e-2: " + moved);
    }

    @Test
    void newLabelsGetANewClassifierInitialisedAsTransformersDoes() throws Exception {
        List<LabeledSentence> train = withPersons(16);
        List<String> notes = new ArrayList<>();
        Path output = temporary.resolve("new-head");
        TrainingSettings settings = standingStill().build();
        TrainingResult result = Trainer.run(
                new TrainingJob(BERT, train, List.of(), output, settings, false, false),
                new TrainingListener() {
                    @Override
                    public void note(String line) {
                        notes.add(line);
                    }
                },
                () -> false);
        assertTrue(notes.stream().anyMatch(note -> note.contains("new classifier")), notes.toString());
        List<String> sorted = new ArrayList<>(result.labels());
        sorted.sort(null);
        assertEquals(sorted, result.labels(), "run_ner sorts a new label list");
        assertTrue(result.labels().contains("B-PERSON"));
        JsonNode config =
                new ObjectMapper().readTree(output.resolve("config.json").toFile());
        assertEquals(
                "B-PERSON",
                config.get("id2label")
                        .get(String.valueOf(result.labels().indexOf("B-PERSON")))
                        .asText());
        assertEquals(
                "BertForTokenClassification", config.get("architectures").get(0).asText());
        float[] weight = weights(output).get("classifier.weight");
        assertEquals(result.labels().size() * 32, weight.length);
        double sum = 0;
        double squares = 0;
        for (float value : weight) {
            sum += value;
            squares += value * value;
        }
        double mean = sum / weight.length;
        double deviation = Math.sqrt(squares / weight.length - mean * mean);
        double range = new ObjectMapper()
                .readTree(BERT.resolve("config.json").toFile())
                .get("initializer_range")
                .asDouble();
        assertEquals(range, deviation, range * 0.15, "N(0, initializer_range)");
        for (float bias : weights(output).get("classifier.bias")) {
            assertEquals(0, bias, 1e-9, "a new bias starts at 0 (and a 1e-12 rate barely moves it)");
        }
    }

    @Test
    void theOutputOfABaseModelBehindASymbolicLinkIsAModelBertNerTagsWith() throws Exception {
        Path output = temporary.resolve("tagger");
        Path linked = Files.createSymbolicLink(temporary.resolve("linked-base"), BERT.toAbsolutePath());
        Trainer.run(
                new TrainingJob(
                        linked,
                        data(16),
                        List.of(),
                        output,
                        settings(false, OptionalDouble.of(0), 1, 42),
                        false,
                        false),
                new TrainingListener() {},
                () -> false);
        for (String file : List.of("model.safetensors", "config.json", "tokenizer.json", "training_args.json")) {
            assertTrue(Files.isRegularFile(output.resolve(file)), file);
        }
        JsonNode arguments =
                new ObjectMapper().readTree(output.resolve("training_args.json").toFile());
        assertEquals(8, arguments.get("per_device_train_batch_size").asInt());
        assertTrue(arguments.get("versions").has("onnxruntime"));
        HubSettings cache = HubSettings.at(java.net.URI.create("http://127.0.0.1:9"), temporary.resolve("cache"));
        Path model = io.github.bertner.loader.ModelResolver.resolve(
                ModelLocation.directory(output), false, cache, io.github.bertner.hub.DownloadProgress.NONE);
        try (Recognizer recognizer = Recognizers.load(model, RecognizerConfig.defaults())) {
            List<String[]> sentences = new ArrayList<>();
            sentences.add(data(1).get(0).words());
            assertEquals(1, recognizer.tagTokens(sentences, EntityTypes.model()).size());
        }
    }

    @Test
    void aLabelThatIsNotBioIsRefusedWithItsLine() throws Exception {
        LabeledSentence bad =
                new LabeledSentence(new String[] {"Peter", "bor"}, new String[] {"B-PER", "PERSON"}, "train.conll", 7);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> train("bad", settings(false, OptionalDouble.of(0), 1, 1), List.of(bad)));
        assertTrue(e.getMessage().startsWith("train.conll: line 8: 'PERSON' is not a BIO label"), e.getMessage());
    }

    @Test
    void aDevLabelTheTrainingDataLacksIsRefusedWithItsLine() throws Exception {
        List<LabeledSentence> train = new ArrayList<>();
        for (LabeledSentence sentence : data(8)) {
            String[] labels = sentence.labels();
            Arrays.fill(labels, "O");
            labels[0] = "B-FOO";
            train.add(new LabeledSentence(sentence.words(), labels, sentence.source(), sentence.firstLine()));
        }
        LabeledSentence dev =
                new LabeledSentence(new String[] {"Peter", "bor"}, new String[] {"B-PER", "O"}, "dev.conll", 3);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Trainer.run(
                        new TrainingJob(
                                BERT,
                                train,
                                List.of(dev),
                                temporary.resolve("x"),
                                settings(false, OptionalDouble.of(0), 1, 1),
                                false,
                                false),
                        new TrainingListener() {},
                        () -> false));
        assertTrue(
                e.getMessage().startsWith("dev.conll: line 3: the dev label 'B-PER' is not in the training data"),
                e.getMessage());
    }

    @Test
    void iob1AndBioesAreConvertedToBio() {
        LabeledSentence iob1 = new LabeledSentence(
                new String[] {"a", "b", "c", "d", "e"}, new String[] {"I-PER", "I-PER", "O", "I-LOC", "B-LOC"}, "f", 1);
        assertArrayEquals(
                new String[] {"B-PER", "I-PER", "O", "B-LOC", "B-LOC"},
                TrainingLabels.toBio(iob1).labels());
        LabeledSentence bioes = new LabeledSentence(
                new String[] {"a", "b", "c", "d", "e"},
                new String[] {"B-PER", "I-PER", "E-PER", "S-LOC", "U-ORG"},
                "f",
                1);
        assertArrayEquals(
                new String[] {"B-PER", "I-PER", "I-PER", "B-LOC", "B-ORG"},
                TrainingLabels.toBio(bioes).labels());
    }
}
