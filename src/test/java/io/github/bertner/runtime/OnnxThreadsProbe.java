package io.github.bertner.runtime;

import ai.onnxruntime.OrtEnvironment;
import io.github.bertner.EntityTypes;
import io.github.bertner.Recognizer;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.Recognizers;
import io.github.bertner.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run by {@link OnnxEnvironmentTest} in a JVM of its own, where nothing has made ONNX Runtime's environment yet. Loads
 * the demo model three times and, after each, writes to standard output the entities of one sentence and the number
 * of native threads named as the main thread (ONNX Runtime's pool threads take the name of the thread that made them;
 * every Java thread has a name of its own).
 *
 * <p>Argument: {@code shared} lets bert-ner make the environment; {@code made-elsewhere} makes it first, as an
 * application or another library on ONNX Runtime would.
 */
public final class OnnxThreadsProbe {
    private OnnxThreadsProbe() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("made-elsewhere")) {
            OrtEnvironment.getEnvironment();
        }
        List<Recognizer> recognizers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Recognizer recognizer = Recognizers.load(TestModels.MINI, RecognizerConfig.defaults());
                recognizers.add(recognizer);
                System.out.println("entities " + recognizer.tag("Chili Jensen bor i København.", EntityTypes.model()));
                System.out.println("threads " + threadsNamedAsMain());
            }
        } finally {
            recognizers.forEach(Recognizer::close);
        }
    }

    private static long threadsNamedAsMain() throws IOException {
        String main = Files.readString(Path.of("/proc/self/comm")).trim();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(task -> name(task).equals(main)).count();
        }
    }

    private static String name(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
