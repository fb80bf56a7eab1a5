package io.github.bertner.bench;

import io.github.bertner.RecognizerConfig;
import io.github.bertner.uima.BertNamedEntityRecognizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.uima.UIMAFramework;
import org.apache.uima.analysis_engine.AnalysisEngine;
import org.apache.uima.fit.factory.AnalysisEngineFactory;
import org.apache.uima.resource.ExternalResourceDescription;
import org.apache.uima.resource.ResourceManager;

/**
 * Runs several UIMA engine instances at once, bound to one shared model resource, as a CPE with several
 * processing threads does, and reports the process's peak resident memory.
 */
public final class UimaMemoryCheck {
    private UimaMemoryCheck() {}

    /**
     * @param model the model directory
     * @param config the tagger options
     * @param instances engine instances, each processing its own CAS of the workload in its own thread
     * @param workload the input
     * @return the peak resident memory of this process in KiB ({@code VmHWM}), or -1 where unknown
     * @throws Exception if an engine fails
     */
    public static long peakResidentKib(Path model, RecognizerConfig config, int instances, Workload workload)
            throws Exception {
        ResourceManager resources = UIMAFramework.newDefaultResourceManager();
        List<AnalysisEngine> engines = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            ExternalResourceDescription shared = UimaEngineRow.sharedModel(model, config);
            for (int i = 0; i < instances; i++) {
                engines.add(UIMAFramework.produceAnalysisEngine(
                        AnalysisEngineFactory.createEngineDescription(
                                BertNamedEntityRecognizer.class, BertNamedEntityRecognizer.KEY_TAGGER, shared),
                        resources,
                        null));
            }
            List<Future<?>> runs = new ArrayList<>();
            for (AnalysisEngine engine : engines) {
                runs.add(pool.submit(() -> {
                    engine.process(UimaEngineRow.casOf(workload));
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
            return vmHwmKib();
        } finally {
            pool.shutdownNow();
            engines.forEach(AnalysisEngine::destroy);
            resources.destroy();
        }
    }

    private static long vmHwmKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("VmHWM:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst()
                .orElse(-1);
    }
}
