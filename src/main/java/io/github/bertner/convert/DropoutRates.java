package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The dropout rate at each place transformers' encoders apply dropout in training, read from the config under each
 * family's names (BERT's {@code hidden_dropout_prob}, {@code attention_probs_dropout_prob} and
 * {@code classifier_dropout}; DistilBERT's {@code dropout}, {@code attention_dropout}), or one rate for all.
 */
final class DropoutRates {
    /** Where dropout applies. */
    enum Site {
        /** After the embeddings' LayerNorm. */
        EMBEDDINGS,
        /** On the attention probabilities. */
        ATTENTION,
        /** After the attention's output projection, before the residual add. */
        ATTENTION_OUTPUT,
        /** After the feed-forward output projection, before the residual add. */
        FEED_FORWARD,
        /** Before the classifier. */
        CLASSIFIER
    }

    private final Map<Site, Float> rates;

    private DropoutRates(Map<Site, Float> rates) {
        this.rates = new EnumMap<>(rates);
    }

    /** The same rate everywhere (0 turns dropout off). */
    static DropoutRates everywhere(float rate) {
        Map<Site, Float> rates = new EnumMap<>(Site.class);
        for (Site site : Site.values()) {
            rates.put(site, rate);
        }
        return new DropoutRates(rates);
    }

    /** The rates a config sets, with transformers' defaults. */
    static DropoutRates of(ConfigFields config) throws ModelLoadException {
        Map<Site, Float> rates = new EnumMap<>(Site.class);
        if (config.modelType().equals("distilbert")) {
            float dropout = (float) config.number("dropout", 0.1);
            rates.put(Site.EMBEDDINGS, dropout);
            rates.put(Site.ATTENTION, (float) config.number("attention_dropout", 0.1));
            rates.put(Site.ATTENTION_OUTPUT, 0f);
            rates.put(Site.FEED_FORWARD, dropout);
            rates.put(Site.CLASSIFIER, dropout);
        } else {
            float hidden = (float) config.number("hidden_dropout_prob", 0.1);
            rates.put(Site.EMBEDDINGS, hidden);
            rates.put(Site.ATTENTION, (float) config.number("attention_probs_dropout_prob", 0.1));
            rates.put(Site.ATTENTION_OUTPUT, hidden);
            rates.put(Site.FEED_FORWARD, hidden);
            rates.put(Site.CLASSIFIER, (float) config.number("classifier_dropout", hidden));
        }
        return new DropoutRates(rates);
    }

    /** The rate of a site. */
    float of(Site site) {
        return rates.get(site);
    }
}
