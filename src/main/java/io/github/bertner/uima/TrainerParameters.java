package io.github.bertner.uima;

/**
 * The parameters of {@link BertNamedEntityTrainer}: each name, description and default is declared here once, as
 * {@link TaggerParameters} declares the recognizer's. Defaults are {@code bert-ner train}'s, which are transformers'
 * Trainer's.
 */
public interface TrainerParameters {
    /** {@value #BASE_MODEL_LOCATION_DESCRIPTION} */
    String PARAM_BASE_MODEL_LOCATION = "baseModelLocation";
    /** The description of {@link #PARAM_BASE_MODEL_LOCATION}. */
    String BASE_MODEL_LOCATION_DESCRIPTION =
            "The model to fine-tune: a checkpoint directory (config.json, model.safetensors or pytorch_model.bin, and the"
                    + " tokenizer files) as a path or file: URI, or a Hugging Face Hub repository hf:ORG/NAME or"
                    + " hf:ORG/NAME@REVISION (its checkpoint files are fetched), or the demo model"
                    + " inside the jar. ONNX exports and GLiNER models do not train.";

    /** {@value #TARGET_LOCATION_DESCRIPTION} */
    String PARAM_TARGET_LOCATION = "targetLocation";
    /** The description of {@link #PARAM_TARGET_LOCATION}. */
    String TARGET_LOCATION_DESCRIPTION =
            "The directory the trained model is written to at the end of the collection, as a Hugging Face checkpoint"
                    + " that BertNamedEntityRecognizer's modelLocation takes. It must not exist or be empty, unless"
                    + " overwrite is set.";

    /** {@value #OVERWRITE_DESCRIPTION} */
    String PARAM_OVERWRITE = "overwrite";
    /** The description of {@link #PARAM_OVERWRITE}. */
    String OVERWRITE_DESCRIPTION = "Whether a targetLocation that exists and is not empty is replaced.";

    /** {@value #EPOCHS_DESCRIPTION} */
    String PARAM_EPOCHS = "epochs";
    /** The description of {@link #PARAM_EPOCHS}. */
    String EPOCHS_DESCRIPTION = "Passes over the training sentences.";
    /** The default of {@link #PARAM_EPOCHS}. */
    String EPOCHS_DEFAULT = "3";

    /** {@value #BATCH_SIZE_DESCRIPTION} */
    String PARAM_BATCH_SIZE = "batchSize";
    /** The description of {@link #PARAM_BATCH_SIZE}. */
    String BATCH_SIZE_DESCRIPTION = "Sentences per training step.";
    /** The default of {@link #PARAM_BATCH_SIZE}. */
    String BATCH_SIZE_DEFAULT = "8";

    /** {@value #LEARNING_RATE_DESCRIPTION} */
    String PARAM_LEARNING_RATE = "learningRate";
    /** The description of {@link #PARAM_LEARNING_RATE}. */
    String LEARNING_RATE_DESCRIPTION = "The peak learning rate of AdamW's linear schedule.";
    /** The default of {@link #PARAM_LEARNING_RATE}. */
    String LEARNING_RATE_DEFAULT = "5e-5";

    /** {@value #SEED_DESCRIPTION} */
    String PARAM_SEED = "seed";
    /** The description of {@link #PARAM_SEED}. */
    String SEED_DESCRIPTION = "The seed of the shuffling, the dropout, a new classifier and the dev sentences.";
    /** The default of {@link #PARAM_SEED}. */
    String SEED_DEFAULT = "42";

    /** {@value #SHUFFLE_DESCRIPTION} */
    String PARAM_SHUFFLE = "shuffle";
    /** The description of {@link #PARAM_SHUFFLE}. */
    String SHUFFLE_DESCRIPTION =
            "Whether each epoch takes the sentences in a new random order; false keeps the collection's order.";

    /** {@value #DROPOUT_DESCRIPTION} */
    String PARAM_DROPOUT = "dropout";
    /** The description of {@link #PARAM_DROPOUT}. */
    String DROPOUT_DESCRIPTION =
            "One dropout rate for every dropout site instead of the model's own; 0 turns dropout off (with shuffle"
                    + " false, a run is then deterministic).";

    /** {@value #LABEL_MAP_DESCRIPTION} */
    String PARAM_LABEL_MAP = "labelMap";
    /** The description of {@link #PARAM_LABEL_MAP}. */
    String LABEL_MAP_DESCRIPTION =
            "Renames entity types before training (PERSON=PER), or drops them (MISC=O); each entry TYPE=TARGET.";

    /** {@value #DEV_FRACTION_DESCRIPTION} */
    String PARAM_DEV_FRACTION = "devFraction";
    /** The description of {@link #PARAM_DEV_FRACTION}. */
    String DEV_FRACTION_DESCRIPTION =
            "The share of the sentences, drawn with the seed, held out to score each epoch on (entity F1); the best"
                    + " epoch is kept. 0 trains on every sentence and keeps the last epoch.";
    /** The default of {@link #PARAM_DEV_FRACTION}. */
    String DEV_FRACTION_DEFAULT = "0";
}
