package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import java.util.Map;
import java.util.TreeMap;

/** The families of models the converter builds, and the one a checkpoint's config belongs to. */
final class Architectures {
    private static final Map<String, String> CLASSES = new TreeMap<>(Map.of(
            "bert", "BertForTokenClassification",
            "camembert", "CamembertForTokenClassification",
            "deberta-v2", "DebertaV2ForTokenClassification",
            "distilbert", "DistilBertForTokenClassification",
            "electra", "ElectraForTokenClassification",
            "modernbert", "ModernBertForTokenClassification",
            "roberta", "RobertaForTokenClassification",
            "xlm-roberta", "XLMRobertaForTokenClassification"));

    /** The token-classification class of a model type ({@code bert}: {@code BertForTokenClassification}). */
    static String className(String modelType) {
        return CLASSES.get(modelType);
    }

    /**
     * The architecture of a checkpoint's config.
     *
     * @throws ModelLoadException naming the model type or architecture that cannot be converted, and those that can
     */
    static Architecture of(ConfigFields config) throws ModelLoadException {
        String modelType = config.modelType();
        String className = CLASSES.get(modelType);
        if (className == null) {
            throw new ModelLoadException(
                    config.file(),
                    "model_type \"" + modelType + "\" cannot be converted: the converter builds token classifiers of "
                            + String.join(", ", CLASSES.keySet())
                            + "; export other models to ONNX with Optimum");
        }
        for (String architecture : config.architectures()) {
            if (!architecture.equals(className)) {
                throw new ModelLoadException(
                        config.file(),
                        "architecture " + architecture + " cannot be converted: the converter builds " + className
                                + " for model_type \"" + modelType + "\", as it builds the token classifier of every "
                                + "model type it knows");
            }
        }
        return build(config, modelType, className);
    }

    /**
     * The base model of an encoder config, without a classifier ({@link #hiddenStates} only): the encoder inside
     * another model, such as GLiNER's, whose config names no token-classification architecture.
     *
     * @throws ModelLoadException naming the model type that cannot be converted, and those that can
     */
    static Architecture encoder(ConfigFields config) throws ModelLoadException {
        String modelType = config.modelType();
        if (!CLASSES.containsKey(modelType)) {
            throw new ModelLoadException(
                    config.file(),
                    "encoder model_type \"" + modelType + "\" cannot be converted: the converter builds encoders of "
                            + String.join(", ", CLASSES.keySet()));
        }
        return build(config, modelType, CLASSES.get(modelType).replace("ForTokenClassification", "Model"));
    }

    private static Architecture build(ConfigFields config, String modelType, String className)
            throws ModelLoadException {
        return switch (modelType) {
            case "bert", "electra" -> new Bert(config, className);
            case "roberta", "xlm-roberta", "camembert" -> new Roberta(config, className);
            case "distilbert" -> new DistilBert(config, className);
            case "deberta-v2" -> new DebertaV2(config, className);
            default -> new ModernBert(config, className);
        };
    }

    private Architectures() {}
}
