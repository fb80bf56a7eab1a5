package io.github.bertner.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Where and how bert-ner talks to the Hugging Face Hub, read from the environment variables that
 * {@code huggingface_hub} reads, so that Java and Python share one cache and one login.
 *
 * @param endpoint {@code HF_ENDPOINT} (default {@code https://huggingface.co}), without a trailing slash
 * @param token {@code HF_TOKEN}, else {@code HUGGING_FACE_HUB_TOKEN}, else the file {@code HF_TOKEN_PATH}
 *     (default {@code $HF_HOME/token})
 * @param offline {@code HF_HUB_OFFLINE} or {@code TRANSFORMERS_OFFLINE} set to 1, ON, YES or TRUE: no
 *     network, cached files only
 * @param hubCache {@code HF_HUB_CACHE} (default {@code $HF_HOME/hub}; {@code HF_HOME} defaults to
 *     {@code $XDG_CACHE_HOME/huggingface} or {@code ~/.cache/huggingface})
 * @param conversionCache {@code BERT_NER_CACHE}, default a {@code bert-ner} folder beside the Hub cache:
 *     where converted models are kept
 */
public record HubSettings(URI endpoint, Optional<String> token, boolean offline, Path hubCache, Path conversionCache) {
    /** The public Hub. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    private static final Set<String> TRUE = Set.of("1", "ON", "YES", "TRUE");

    /**
     * The settings of this process's environment.
     *
     * @return the settings
     */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The settings an environment gives.
     *
     * @param environment variable names to values
     * @return the settings
     * @throws IllegalArgumentException if {@code HF_ENDPOINT} is not an http or https URL
     */
    public static HubSettings fromEnvironment(Map<String, String> environment) {
        Path home = path(environment, "HF_HOME")
                .orElseGet(() -> path(environment, "XDG_CACHE_HOME")
                        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache"))
                        .resolve("huggingface"));
        Path hubCache = path(environment, "HF_HUB_CACHE")
                .or(() -> path(environment, "HUGGINGFACE_HUB_CACHE"))
                .orElse(home.resolve("hub"));
        Path conversionCache = path(environment, "BERT_NER_CACHE")
                .orElse(hubCache.toAbsolutePath().resolveSibling("bert-ner"));
        boolean offline = flag(environment, "HF_HUB_OFFLINE") || flag(environment, "TRANSFORMERS_OFFLINE");
        Optional<String> token = value(environment, "HF_TOKEN")
                .or(() -> value(environment, "HUGGING_FACE_HUB_TOKEN"))
                .or(() -> tokenFile(path(environment, "HF_TOKEN_PATH").orElse(home.resolve("token"))));
        return new HubSettings(
                endpoint(value(environment, "HF_ENDPOINT").orElse(DEFAULT_ENDPOINT)),
                token,
                offline,
                hubCache,
                conversionCache);
    }

    /**
     * These settings with another endpoint and caches, for tests and embedding.
     *
     * @param endpoint the Hub's base URL
     * @param cacheRoot a folder that takes the place of {@code HF_HOME}
     * @return the settings
     */
    public static HubSettings at(URI endpoint, Path cacheRoot) {
        return new HubSettings(
                endpoint(endpoint.toString()),
                Optional.empty(),
                false,
                cacheRoot.resolve("hub"),
                cacheRoot.resolve("bert-ner"));
    }

    private static URI endpoint(String text) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HF_ENDPOINT '" + text + "' is not a URL", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("HF_ENDPOINT '" + text + "' is not an http or https URL");
        }
        return uri;
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static Optional<Path> path(Map<String, String> environment, String name) {
        return value(environment, name)
                .map(value ->
                        Path.of(value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value));
    }

    private static boolean flag(Map<String, String> environment, String name) {
        return value(environment, name)
                .map(value -> TRUE.contains(value.toUpperCase(Locale.ROOT)))
                .orElse(false);
    }

    private static Optional<String> tokenFile(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                            .filter(t -> !t.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            LoggerFactory.getLogger(HubSettings.class)
                    .warn("Cannot read the Hugging Face token file {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }
}
