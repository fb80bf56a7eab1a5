package io.github.bertner.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model used when {@code --model} is not given: the small Danish demo model in the repository's
 * {@code testdata/danish-ner-mini}, found next to the jar ({@code target/../testdata}) or below the
 * working directory.
 */
final class DefaultModel {
    static final Path RELATIVE = Path.of("testdata", "danish-ner-mini");

    private DefaultModel() {}

    static Path locate() {
        List<Path> candidates = candidates();
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("no --model given, and the demo model is not at "
                + candidates.get(candidates.size() - 1) + ": pass --model DIR (a Hugging Face ONNX export directory)");
    }

    private static List<Path> candidates() {
        List<Path> candidates = new ArrayList<>();
        jarDirectory()
                .ifPresent(dir ->
                        candidates.add(dir.resolveSibling(RELATIVE.toString()).normalize()));
        candidates.add(RELATIVE.toAbsolutePath());
        return candidates;
    }

    private static java.util.Optional<Path> jarDirectory() {
        try {
            Path location = Path.of(DefaultModel.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return java.util.Optional.ofNullable(location.getParent());
        } catch (URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
