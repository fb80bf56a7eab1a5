package io.github.bertner.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.ModelLoadException;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class ExecutorTaggersTest {

    @Test
    void concurrentFirstRequestsLoadTheModelOnceAndShareIt() throws Exception {
        RecognizerConfig config =
                RecognizerConfig.builder().intraOpThreads(1).batchSize(3).build();
        int before = ExecutorTaggers.loadCount();
        Path relative = TestModels.MINI;
        Path absolute = TestModels.MINI.toAbsolutePath().resolve("../danish-ner-mini");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Recognizer>> taggers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Path directory = i % 2 == 0 ? relative : absolute;
                taggers.add(pool.submit((Callable<Recognizer>) () -> ExecutorTaggers.get(directory, config)));
            }
            Recognizer first = taggers.get(0).get();
            for (Future<Recognizer> tagger : taggers) {
                assertThat(tagger.get()).isSameAs(first);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ExecutorTaggers.loadCount()).isEqualTo(before + 1);
    }

    @Test
    void aMissingModelFailsEachTimeWithTheFileNamed() {
        Path missing = TestModels.MISSING;
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> ExecutorTaggers.get(missing, RecognizerConfig.defaults()))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("no-such-model");
        }
    }

    @Test
    void modelSourcesReadTheirTextForm() {
        assertThat(ModelSource.parse("/models/danish")).isEqualTo(ModelSource.path("/models/danish"));
        assertThat(ModelSource.parse("/models/danish").isDistributed()).isFalse();
        assertThat(ModelSource.parse("spark-files:danish")).isEqualTo(ModelSource.sparkFile("danish"));
        assertThat(ModelSource.parse("spark-files:")).isEqualTo(ModelSource.sparkFilesRoot());
        assertThat(ModelSource.sparkFile("danish").toString()).isEqualTo("spark-files:danish");
        assertThat(ModelSource.path("/models/danish").resolve()).isEqualTo(Path.of("/models/danish"));
        assertThatThrownBy(() -> ModelSource.parse(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model");
    }
}
