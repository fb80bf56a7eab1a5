package io.github.bertner;

/** The two kinds of model a {@link Recognizer} runs. */
public enum ModelKind {
    /**
     * A fine-tuned token classifier (BERT and its kin): it labels each sub-word with the types it was trained on,
     * decoded as the Hugging Face pipeline does ({@link TokenDecoding}).
     */
    TOKEN_CLASSIFICATION("token classification (the labels the model was trained on)"),
    /**
     * A zero-shot span model (GLiNER): it scores every span of up to {@code max_width} words against entity types
     * named at call time, and chooses among overlapping spans as GLiNER does.
     */
    ZERO_SHOT_SPANS("zero-shot spans (GLiNER: entity types named at run time)");

    private final String description;

    ModelKind(String description) {
        this.description = description;
    }

    /**
     * What the kind means, for people.
     *
     * @return a short description
     */
    public String description() {
        return description;
    }
}
