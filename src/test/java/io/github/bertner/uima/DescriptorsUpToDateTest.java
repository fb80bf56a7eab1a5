package io.github.bertner.uima;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The descriptors in {@code descriptors/} are what {@link DescriptorGenerator} makes from the code now.
 * After changing a parameter, a capability or a default, rewrite them with
 * {@code mvn -q -B test -Dtest=DescriptorsUpToDateTest -DupdateDescriptors=true} and commit the result.
 */
@Tag("framework")
class DescriptorsUpToDateTest {
    static final Path COMMITTED = Path.of("descriptors");
    private static final Path GENERATED = Path.of("target", "generated-descriptors");
    private static final String UPDATE = "updateDescriptors";

    @Test
    void committedDescriptorsAreTheOnesTheCodeGenerates() throws Exception {
        DescriptorGenerator.writeAll(GENERATED);
        if (Boolean.getBoolean(UPDATE)) {
            DescriptorGenerator.writeAll(COMMITTED);
        }
        assertThat(xmlFiles(COMMITTED))
                .as("descriptors/")
                .containsExactlyInAnyOrderElementsOf(DescriptorGenerator.FILES);
        for (String file : DescriptorGenerator.FILES) {
            assertThat(read(COMMITTED.resolve(file)))
                    .as("descriptors/%s differs from the code; rerun this test with -D%s=true and commit", file, UPDATE)
                    .isEqualTo(read(GENERATED.resolve(file)));
        }
    }

    private static List<String> xmlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".xml"))
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
