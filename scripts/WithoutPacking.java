import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.ExtensionRegistryLite;
import io.github.bertner.model.ModelFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of a converted model directory whose graphs do not say that they pack: the same graphs with the
 * bert-ner.packing metadata removed, so that the tagger runs one sentence a row on them. For measuring what packing
 * gains on the very same graph (scripts/ServeBenchmark.java, scripts/BatchingBenchmark.java). The copy must not exist.
 *
 * Run: mvn -B -q package -DskipTests && java -cp target/bert-ner-cli.jar scripts/WithoutPacking.java MODEL_DIR COPY_DIR
 */
public class WithoutPacking {
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path copy = Path.of(args[1]);
        Files.createDirectory(copy);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(file.getFileName());
                if (List.of(ModelFiles.MODEL_ONNX, ModelFiles.QUANTIZED_ONNX).contains(file.getFileName().toString())) {
                    withoutPacking(file, target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        System.out.println("wrote " + copy);
    }

    static void withoutPacking(Path graph, Path target) throws Exception {
        ModelProto model;
        try (InputStream in = Files.newInputStream(graph)) {
            model = ModelProto.parseFrom(in, ExtensionRegistryLite.getEmptyRegistry());
        }
        ModelProto.Builder builder = model.toBuilder().clearMetadataProps();
        model.getMetadataPropsList().stream()
                .filter(entry -> !entry.getKey().equals(ModelFiles.PACKING_METADATA))
                .forEach(builder::addMetadataProps);
        try (OutputStream out = Files.newOutputStream(target)) {
            builder.build().writeTo(out);
        }
    }
}
