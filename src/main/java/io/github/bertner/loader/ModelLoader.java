package io.github.bertner.loader;

import io.github.bertner.ModelLoadException;
import io.github.bertner.ModelLocation;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.RecognizerProvider;
import io.github.bertner.hub.DownloadProgress;
import io.github.bertner.hub.HubSettings;
import io.github.bertner.model.SpanModelConfig;
import io.github.bertner.tagger.Tagger;
import io.github.bertner.zeroshot.SpanRecognizer;
import java.nio.file.Path;

/**
 * bert-ner's {@link RecognizerProvider}: resolves a location to a model directory ({@link ModelResolver}) and loads
 * it as the kind it holds: a GLiNER span model ({@code gliner_config.json}) as a {@link SpanRecognizer}, any other
 * as a {@link Tagger}.
 */
public final class ModelLoader implements RecognizerProvider {

    /** The loader; {@link java.util.ServiceLoader} makes it. */
    public ModelLoader() {}

    @Override
    public Recognizer load(ModelLocation location, RecognizerConfig config) throws ModelLoadException {
        return loadDirectory(ModelResolver.resolve(location, config.quantized()), config);
    }

    @Override
    public Path resolve(ModelLocation location, boolean quantized) throws ModelLoadException {
        return ModelResolver.resolve(location, quantized);
    }

    @Override
    public Path checkpoint(ModelLocation location) throws ModelLoadException {
        return ModelResolver.checkpoint(location, HubSettings.fromEnvironment(), DownloadProgress.NONE);
    }

    private static Recognizer loadDirectory(Path directory, RecognizerConfig config) throws ModelLoadException {
        return SpanModelConfig.isSpanModel(directory)
                ? SpanRecognizer.loadDirectory(directory, config)
                : Tagger.loadDirectory(directory, config);
    }
}
