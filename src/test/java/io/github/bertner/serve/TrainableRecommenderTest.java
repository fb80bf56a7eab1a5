package io.github.bertner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.bertner.ModelLocation;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.train.TrainingJob;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.uima.cas.CAS;
import org.apache.uima.cas.text.AnnotationFS;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --trainable} as INCEpTION uses it, with its default settings: one annotator's English documents (her
 * MISC entities tagged OTH, as INCEpTION's default tagset has it) train the Danish demo model of the jar, which has no MISC,
 * in the background; her suggestions on held-out documents (other names) then score a higher entity F1 than the base
 * model's, another annotator keeps the base model's, a restart keeps her model, and a failed training keeps it too.
 */
@Tag("framework")
class TrainableRecommenderTest {
    /** The demo model inside the jar, as {@code serve} serves it by default: a checkpoint, so it learns. */
    private static final ModelLocation BASE = ModelLocation.parse(ModelLocation.DEMO);

    private static final int TRAIN_SENTENCES = 300;
    private static final int HELD_OUT_SENTENCES = 100;
    private static final int SENTENCES_PER_DOCUMENT = 30;
    private static final Duration TRAINING_TIME = Duration.ofMinutes(5);

    @TempDir
    Path state;

    @Test
    void anAnnotatorsModelLearnsHerTagsAndKeepsThroughARestart() throws Exception {
        List<List<Sentence>> training = documents(corpus(TRAIN_SENTENCES, 1, TRAINING_NAMES));
        List<List<Sentence>> heldOut = documents(corpus(HELD_OUT_SENTENCES, 2, HELD_OUT_NAMES));
        List<String> alicesSuggestions;
        try (ServeFixture fixture = start()) {
            List<String> base = suggestions(fixture, heldOut, "bob");
            HttpResponse<String> accepted = fixture.post("/danish/train", trainRequest(training, "alice"));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(204);
            HttpResponse<String> again = fixture.post("/danish/train", trainRequest(training, "alice"));
            assertThat(again.statusCode())
                    .as("a second train request while training")
                    .isEqualTo(429);
            assertThat(userStatus(fixture, "alice").get("state").asText()).isEqualTo("training");
            long started = System.nanoTime();
            assertThat(suggestions(fixture, heldOut.subList(0, 1), "bob")).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));

            JsonNode trained = awaitState(fixture, "alice", "trained");
            assertThat(trained.get("documents").asInt()).isEqualTo(training.size());
            assertThat(trained.get("annotations").asInt()).isEqualTo(entityCount(training));
            assertThat(trained.get("dev_f1").isNumber()).isTrue();
            assertThat(trained.get("error").isNull()).isTrue();
            assertThat(trained.get("trained_at").asText()).isNotEmpty();

            alicesSuggestions = suggestions(fixture, heldOut, "alice");
            Set<String> gold = gold(heldOut);
            assertThat(f1(alicesSuggestions, gold))
                    .as("alice's model against the base model")
                    .isGreaterThan(f1(base, gold));
            assertThat(alicesSuggestions).anyMatch(suggestion -> suggestion.contains(":OTH["));
            assertThat(base).noneMatch(suggestion -> suggestion.contains(":OTH["));
            assertThat(suggestions(fixture, heldOut, "bob"))
                    .as("another annotator")
                    .isEqualTo(base);

            HttpResponse<String> nothing =
                    fixture.post("/danish/train", trainRequest(training.subList(0, 2), "carol", false));
            assertThat(nothing.statusCode()).isEqualTo(204);
            assertThat(fixture.get("/v1/models/danish/training").body()).doesNotContain("carol");
        }
        try (ServeFixture restarted = start()) {
            assertThat(userStatus(restarted, "alice").get("state").asText()).isEqualTo("trained");
            assertThat(suggestions(restarted, heldOut, "alice"))
                    .as("after a restart")
                    .isEqualTo(alicesSuggestions);

            Path userDirectory = TrainedModels.userDirectory(state.resolve("danish"), "alice");
            Path blocked = TrainingJob.checkpointFolder(TrainedModels.nextModelDirectory(userDirectory));
            Files.writeString(blocked, "a file where the training's checkpoints go, as a full disk would fail them");
            HttpResponse<String> accepted = restarted.post("/danish/train", trainRequest(training, "alice"));
            assertThat(accepted.statusCode()).isEqualTo(204);
            JsonNode failed = awaitState(restarted, "alice", "failed");
            assertThat(failed.get("error").asText()).contains("model-2.checkpoints");
            assertThat(restarted.get("/v1/models").body()).contains("training_error");
            assertThat(suggestions(restarted, heldOut, "alice"))
                    .as("after a failed training")
                    .isEqualTo(alicesSuggestions);
        }
    }

    @Test
    void aMalformedDocumentIsNamed() throws Exception {
        try (ServeFixture fixture = start()) {
            InceptionDocument document = new InceptionDocument(new String[][] {{"Jens", "bor", "i", "Aarhus"}});
            Map<String, Object> body = ServeFixture.object(
                    "typeSystem", document.typeSystemXml(),
                    "documents", List.of(ServeFixture.object("xmi", "<xmi:XMI", "documentId", 7, "userId", "dan")),
                    "metadata", InceptionDocument.metadata());
            HttpResponse<String> response = fixture.post("/danish/train", ServeFixture.json(body));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("documents[0] (documentId 7).xmi");
        }
    }

    private ServeFixture start() throws Exception {
        ServeTraining training =
                ServeTraining.defaults(Optional.of(state), ServeTraining.LEARNING_RATE, ServeTraining.EPOCHS);
        return ServeFixture.start(
                ServeSettings.defaults().withPort(0),
                List.of(new NamedModel("danish", BASE)),
                source -> Recognizers.load(source.location(), RecognizerConfig.defaults()),
                training);
    }

    private static JsonNode userStatus(ServeFixture fixture, String user) throws Exception {
        HttpResponse<String> response = fixture.get("/v1/models/danish/training");
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonRequests.JSON.readTree(response.body()).path("users").path(user);
    }

    private static JsonNode awaitState(ServeFixture fixture, String user, String state) throws Exception {
        long deadline = System.nanoTime() + TRAINING_TIME.toNanos();
        JsonNode status = userStatus(fixture, user);
        while (!status.path("state").asText().equals(state) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = userStatus(fixture, user);
        }
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo(state);
        return status;
    }

    /** A sentence: its words and BIO labels. */
    private record Sentence(String[] words, String[] labels) {}

    /** The names a corpus draws from: persons' first and last names, organizations, places, other names. */
    private record Names(List<String> first, List<String> last, List<String> organizations, List<String> places) {}

    private static final Names TRAINING_NAMES = new Names(
            List.of("John", "Mary", "Peter", "Anna", "James", "Linda", "Robert", "Susan", "Michael", "Karen"),
            List.of("Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Moore", "Clark", "Lewis", "Walker"),
            List.of("Acme Corp", "General Motors", "Apple", "Oxford University", "Red Cross", "Siemens"),
            List.of("London", "Paris", "New York", "Berlin", "Madrid", "Tokyo"));
    private static final Names HELD_OUT_NAMES = new Names(
            List.of("David", "Laura", "Thomas", "Emma", "Daniel", "Sarah"),
            List.of("Young", "Allen", "King", "Wright", "Scott", "Green"),
            List.of("Bank of England", "Reuters", "United Nations", "Boeing"),
            List.of("Chicago", "Rome", "Boston", "Sydney"));
    private static final List<String> OTHER = List.of("German", "French", "American", "Olympic Games", "Christmas");

    /** Sentence patterns: words, and slots for a person (P), organization (O), place (L) or other name (M). */
    private static final String[] PATTERNS = {
        "P works for O in L .",
        "Yesterday P visited L with colleagues from O .",
        "The M minister P met officials of O .",
        "O opened a new office in L last week .",
        "According to P , the M market grew in L .",
        "Shares of O fell after the M report ."
    };

    /** English news-like sentences, as an annotator of a project with INCEpTION's default tagset labels them. */
    private static List<Sentence> corpus(int count, long seed, Names names) {
        java.util.Random random = new java.util.Random(seed);
        List<Sentence> sentences = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            List<String> words = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (String slot : PATTERNS[random.nextInt(PATTERNS.length)].split(" ")) {
                String name = switch (slot) {
                    case "P" -> pick(random, names.first()) + " " + pick(random, names.last());
                    case "O" -> pick(random, names.organizations());
                    case "L" -> pick(random, names.places());
                    case "M" -> pick(random, OTHER);
                    default -> null;
                };
                if (name == null) {
                    words.add(slot);
                    labels.add("O");
                    continue;
                }
                String type =
                        Map.of("P", "PER", "O", "ORG", "L", "LOC", "M", "MISC").get(slot);
                String[] parts = name.split(" ");
                for (int i = 0; i < parts.length; i++) {
                    words.add(parts[i]);
                    labels.add((i == 0 ? "B-" : "I-") + type);
                }
            }
            sentences.add(new Sentence(words.toArray(String[]::new), labels.toArray(String[]::new)));
        }
        return sentences;
    }

    private static String pick(java.util.Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static List<List<Sentence>> documents(List<Sentence> sentences) {
        List<List<Sentence>> documents = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i += SENTENCES_PER_DOCUMENT) {
            documents.add(sentences.subList(i, Math.min(sentences.size(), i + SENTENCES_PER_DOCUMENT)));
        }
        return documents;
    }

    /** A document's CAS with the annotator's entities, MISC tagged OTH, or without any. */
    private static InceptionDocument document(List<Sentence> sentences, boolean annotated) throws Exception {
        InceptionDocument document =
                new InceptionDocument(sentences.stream().map(Sentence::words).toArray(String[][]::new));
        if (annotated) {
            for (int s = 0; s < sentences.size(); s++) {
                for (int[] entity : entities(sentences.get(s).labels())) {
                    String type = sentences.get(s).labels()[entity[0]].substring(2);
                    document.annotate(s, entity[0], entity[1], type.equals("MISC") ? "OTH" : type);
                }
            }
        }
        return document;
    }

    /** The entities of BIO labels: first and last word. */
    private static List<int[]> entities(String[] labels) {
        List<int[]> entities = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].startsWith("B-")) {
                int last = i;
                while (last + 1 < labels.length && labels[last + 1].equals("I-" + labels[i].substring(2))) {
                    last++;
                }
                entities.add(new int[] {i, last});
            }
        }
        return entities;
    }

    private static int entityCount(List<List<Sentence>> documents) {
        return documents.stream()
                .flatMap(List::stream)
                .mapToInt(sentence -> entities(sentence.labels()).size())
                .sum();
    }

    private static String trainRequest(List<List<Sentence>> documents, String user) throws Exception {
        return trainRequest(documents, user, true);
    }

    private static String trainRequest(List<List<Sentence>> documents, String user, boolean annotated)
            throws Exception {
        List<Object> sent = new ArrayList<>();
        String typeSystem = null;
        for (int d = 0; d < documents.size(); d++) {
            InceptionDocument document = document(documents.get(d), annotated);
            typeSystem = document.typeSystemXml();
            sent.add(ServeFixture.object("xmi", document.xmi(), "documentId", d, "userId", user));
        }
        return ServeFixture.json(ServeFixture.object(
                "typeSystem", typeSystem, "documents", sent, "metadata", InceptionDocument.metadata()));
    }

    /** The suggestions for an annotator on each document: {@code DOCUMENT:TAG[begin,end)}. */
    private static List<String> suggestions(ServeFixture fixture, List<List<Sentence>> documents, String user)
            throws Exception {
        List<String> suggestions = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            InceptionDocument document = document(documents.get(d), false);
            Map<String, Object> body = ServeFixture.object(
                    "typeSystem", document.typeSystemXml(),
                    "document", ServeFixture.object("xmi", document.xmi(), "documentId", d, "userId", user),
                    "metadata", InceptionDocument.metadata());
            HttpResponse<String> response = fixture.post("/danish/predict", ServeFixture.json(body));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            CAS answer = document.readAnswer(
                    JsonRequests.JSON.readTree(response.body()).get("document").asText());
            for (AnnotationFS entity : document.annotations(answer, InceptionDocument.NAMED_ENTITY)) {
                suggestions.add(d + ":" + entity.getStringValue(document.feature("value")) + "[" + entity.getBegin()
                        + "," + entity.getEnd() + ")");
            }
        }
        return suggestions;
    }

    /** The held-out documents' entities, as {@link #suggestions} names them. */
    private static Set<String> gold(List<List<Sentence>> documents) throws Exception {
        Set<String> gold = new HashSet<>();
        for (int d = 0; d < documents.size(); d++) {
            InceptionDocument document = document(documents.get(d), false);
            for (int s = 0; s < documents.get(d).size(); s++) {
                String[] labels = documents.get(d).get(s).labels();
                for (int[] entity : entities(labels)) {
                    String type = labels[entity[0]].substring(2);
                    gold.add(d + ":" + (type.equals("MISC") ? "OTH" : type) + "[" + document.tokenBegin(s, entity[0])
                            + "," + document.tokenEnd(s, entity[1]) + ")");
                }
            }
        }
        return gold;
    }

    private static double f1(List<String> predicted, Set<String> gold) {
        long correct = predicted.stream().filter(gold::contains).count();
        return predicted.isEmpty() || correct == 0 ? 0 : 2.0 * correct / (predicted.size() + gold.size());
    }
}
