import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a GLiNER span graph spends its time, per operator and per part of the model, from ONNX Runtime's own profile
 * (enable_profiling) of the ONNX Runtime version bert-ner runs on: the saved inputs of each batch (as
 * scripts/gliner-operator-profile.py writes them: NNN.NAME.DTYPE.SHAPE, raw little-endian) run once to warm up and
 * then ROUNDS times with profiling, on THREADS intra-op threads (1 by default, so that the times add up to the work).
 * Prints the summed kernel times by operator type and by part, in ms and as shares.
 *
 * Run: mvn -B -q package -DskipTests && java -cp target/bert-ner-cli.jar scripts/OperatorProfile.java MODEL.onnx INPUTS [ROUNDS] [THREADS]
 */
public class OperatorProfile {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path inputs = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        List<Map<String, OnnxTensor>> batches = batches(environment, inputs);
        String profile;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            try (OrtSession warm = environment.createSession(model.toString(), options)) {
                runAll(warm, batches);
            }
            options.enableProfiling(Files.createTempFile("operator-profile", "").toString());
            try (OrtSession session = environment.createSession(model.toString(), options)) {
                long started = System.nanoTime();
                for (int round = 0; round < rounds; round++) {
                    runAll(session, batches);
                }
                System.out.printf(
                        "%s: %d batches, %d rounds, %d threads, %.2f s a round%n",
                        model, batches.size(), rounds, threads, (System.nanoTime() - started) / 1e9 / rounds);
                profile = session.endProfiling();
            }
        }
        summarize(new ObjectMapper().readTree(Path.of(profile).toFile()));
        Files.delete(Path.of(profile));
    }

    private static void runAll(OrtSession session, List<Map<String, OnnxTensor>> batches) throws Exception {
        for (Map<String, OnnxTensor> batch : batches) {
            try (OrtSession.Result result = session.run(batch)) {
                result.get(0);
            }
        }
    }

    private static List<Map<String, OnnxTensor>> batches(OrtEnvironment environment, Path directory)
            throws Exception {
        TreeMap<Integer, Map<String, OnnxTensor>> batches = new TreeMap<>();
        List<Path> files;
        try (var listing = Files.list(directory)) {
            files = listing.toList();
        }
        for (Path file : files) {
            String[] fields = file.getFileName().toString().split("\\.");
            long[] shape = Arrays.stream(fields[3].split("x")).mapToLong(Long::parseLong).toArray();
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            OnnxTensor tensor = switch (fields[2]) {
                case "int64" -> OnnxTensor.createTensor(environment, bytes.asLongBuffer(), shape);
                case "bool" -> booleans(environment, bytes, shape);
                default -> throw new IllegalArgumentException(file + ": dtype " + fields[2]);
            };
            batches.computeIfAbsent(Integer.parseInt(fields[0]), b -> new HashMap<>()).put(fields[1], tensor);
        }
        return new ArrayList<>(batches.values());
    }

    private static OnnxTensor booleans(OrtEnvironment environment, ByteBuffer bytes, long[] shape) throws Exception {
        boolean[][] values = new boolean[(int) shape[0]][(int) shape[1]];
        for (int row = 0; row < shape[0]; row++) {
            for (int column = 0; column < shape[1]; column++) {
                values[row][column] = bytes.get((int) (row * shape[1] + column)) != 0;
            }
        }
        return OnnxTensor.createTensor(environment, values);
    }

    private static void summarize(JsonNode events) {
        Map<String, Long> byOperator = new HashMap<>();
        Map<String, Long> byPart = new LinkedHashMap<>();
        long total = 0;
        for (JsonNode event : events) {
            String name = event.path("name").asText();
            if (!event.path("cat").asText().equals("Node") || !name.endsWith("_kernel_time")) {
                continue;
            }
            long microseconds = event.path("dur").asLong();
            String operator = event.path("args").path("op_name").asText();
            total += microseconds;
            byOperator.merge(operator, microseconds, Long::sum);
            byPart.merge(part(name, operator), microseconds, Long::sum);
        }
        print("operator", byOperator, total);
        print("part", byPart, total);
    }

    private static String part(String node, String operator) {
        if (node.contains("/c2p/") || node.contains("/p2c/")) {
            return "encoder: relative positions (c2p, p2c)";
        }
        if (node.contains("span_rep_layer") || node.contains("/spans/")) {
            return "span head";
        }
        if (node.contains("/rnn/")) {
            return "LSTM";
        }
        if (node.contains("prompt_rep_layer") || node.contains("token_rep_layer") || node.contains("/types/")) {
            return "projections and type vectors";
        }
        if (node.contains("encoder.layer") && operator.contains("MatMul")) {
            return "encoder: products with weights";
        }
        if (node.contains("/attention/")) {
            return "encoder: attention";
        }
        return "encoder: the rest (activations, residuals, norms, embeddings)";
    }

    private static void print(String what, Map<String, Long> times, long total) {
        System.out.printf("%nby %s, summed kernel time of all rounds (%.0f ms)%n", what, total / 1e3);
        times.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(14)
                .forEach(entry -> System.out.printf(
                        "%-64s %9.0f ms %5.1f %%%n",
                        entry.getKey(), entry.getValue() / 1e3, 100.0 * entry.getValue() / total));
    }
}
