package io.github.bertner.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The labels a model is trained on, chosen as transformers' {@code run_ner.py} chooses them: the model's own labels
 * (and classifier) where the training data's labels are among them, in any order; otherwise the data's labels,
 * sorted, for a new classifier, or, where the classifier is extended, the model's labels followed by the data's new
 * ones, sorted. Labels are BIO; IOB1 and BIOES/BILOU data are converted to BIO first.
 */
final class TrainingLabels {
    private static final Pattern LABEL = Pattern.compile("O|[BIESLU]-.+");

    private final List<String> labels;
    private final boolean newClassifier;
    private final Map<String, Integer> ids = new HashMap<>();

    private TrainingLabels(List<String> labels, boolean newClassifier) {
        this.labels = List.copyOf(labels);
        this.newClassifier = newClassifier;
        for (int i = 0; i < labels.size(); i++) {
            ids.put(labels.get(i), i);
        }
    }

    /**
     * Chooses the labels.
     *
     * @param modelLabels the model's labels, by id
     * @param train the training data, in BIO
     * @param extend whether new labels are added to the model's rather than replacing them
     */
    static TrainingLabels choose(List<String> modelLabels, List<LabeledSentence> train, boolean extend) {
        TreeSet<String> data = new TreeSet<>();
        train.forEach(sentence -> data.addAll(List.of(sentence.labels())));
        if (modelLabels.containsAll(data)) {
            return new TrainingLabels(modelLabels, false);
        }
        if (!extend) {
            return new TrainingLabels(new ArrayList<>(data), true);
        }
        List<String> extended = new ArrayList<>(modelLabels);
        data.stream().filter(label -> !modelLabels.contains(label)).forEach(extended::add);
        return new TrainingLabels(extended, true);
    }

    /** The same labels, as they were chosen before (a resumed run). */
    static TrainingLabels of(List<String> labels, boolean newClassifier) {
        return new TrainingLabels(labels, newClassifier);
    }

    List<String> labels() {
        return labels;
    }

    boolean newClassifier() {
        return newClassifier;
    }

    /** The id of a label the model has. */
    long id(String label) {
        return ids.get(label);
    }

    /**
     * Checks that every label of other data (the dev set) is one the model is trained on.
     *
     * @throws IllegalArgumentException naming the first label that is not, and its line
     */
    void check(List<LabeledSentence> data, String what) {
        for (LabeledSentence sentence : data) {
            String[] sentenceLabels = sentence.labels();
            for (int i = 0; i < sentenceLabels.length; i++) {
                if (!ids.containsKey(sentenceLabels[i])) {
                    throw new IllegalArgumentException(sentence.where(i) + ": the " + what + " label '"
                            + sentenceLabels[i] + "' is not in the training data (its labels: "
                            + String.join(", ", labels) + ")");
                }
            }
        }
    }

    /**
     * Converts a sentence's labels to BIO: {@code S-}/{@code U-} to {@code B-}, {@code E-}/{@code L-} to
     * {@code I-}, and an {@code I-} that starts an entity (IOB1) to {@code B-}.
     *
     * @return the sentence in BIO
     * @throws IllegalArgumentException naming a label that is none of these, and its line
     */
    static LabeledSentence toBio(LabeledSentence sentence) {
        String[] labels = sentence.labels();
        String previousType = null;
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(sentence.where(i) + ": '" + label
                        + "' is not a BIO label (O, B-TYPE or I-TYPE; IOB1 and BIOES are converted)");
            }
            if (label.equals("O")) {
                previousType = null;
                continue;
            }
            String type = label.substring(2);
            char prefix = label.charAt(0);
            boolean continues = (prefix == 'I' || prefix == 'E' || prefix == 'L') && type.equals(previousType);
            labels[i] = (continues ? "I-" : "B-") + type;
            previousType = prefix == 'E' || prefix == 'L' || prefix == 'S' || prefix == 'U' ? null : type;
        }
        return sentence.withLabels(labels);
    }
}
