package io.github.bertner;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The layering of bert-ner's packages, read from the compiled classes (see docs/design.md, "The packages"): no cycles
 * between packages or between files, each layer on the layers below it only, the adapters on the API (and the
 * helpers) only.
 */
@AnalyzeClasses(packages = "io.github.bertner", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String BASE = "io.github.bertner";

    /** Every package of bert-ner, sub-packages each on their own. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getPackageName().startsWith(BASE)
                    ? SliceIdentifier.of(javaClass.getPackageName())
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of bert-ner";
        }
    };

    /** Every source file of bert-ner: a top-level class with the classes nested in it. */
    private static final SliceAssignment FILES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getName();
            return name.startsWith(BASE) ? SliceIdentifier.of(name.split("\\$")[0]) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the source files of bert-ner";
        }
    };

    @ArchTest
    static final ArchRule noCyclesBetweenPackages =
            slices().assignedFrom(PACKAGES).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesBetweenFiles =
            slices().assignedFrom(FILES).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule eachLayerOnTheLayersBelowIt = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("helpers")
            .definedBy(BASE + ".internal..")
            .layer("API")
            .definedBy(BASE)
            .layer("Hub client")
            .definedBy(BASE + ".hub..")
            .layer("model files")
            .definedBy(BASE + ".model..")
            .layer("runtime")
            .definedBy(BASE + ".runtime..")
            .layer("tokenizers")
            .definedBy(BASE + ".tokenizer..")
            .layer("converter")
            .definedBy(BASE + ".convert..")
            .layer("token classifier")
            .definedBy(BASE + ".tagger..")
            .layer("zero-shot")
            .definedBy(BASE + ".zeroshot..")
            .layer("loader")
            .definedBy(BASE + ".loader..")
            .layer("CoNLL")
            .definedBy(BASE + ".conll..")
            .layer("training")
            .definedBy(BASE + ".train..")
            .layer("options")
            .definedBy(BASE + ".options..")
            .layer("adapters")
            .definedBy(BASE + ".opennlp..", BASE + ".uima..", BASE + ".serve..", BASE + ".spark")
            .layer("applications")
            .definedBy(BASE + ".cli..", BASE + ".bench..", BASE + ".spark.job..")
            .whereLayer("helpers")
            .mayNotAccessAnyLayer()
            .whereLayer("API")
            .mayOnlyAccessLayers("helpers")
            .whereLayer("Hub client")
            .mayOnlyAccessLayers("API", "helpers")
            .whereLayer("model files")
            .mayOnlyAccessLayers("API", "helpers")
            .whereLayer("runtime")
            .mayOnlyAccessLayers("API", "helpers")
            .whereLayer("tokenizers")
            .mayOnlyAccessLayers("API", "helpers", "model files")
            .whereLayer("converter")
            .mayOnlyAccessLayers("API", "helpers", "model files", "tokenizers")
            .whereLayer("token classifier")
            .mayOnlyAccessLayers("API", "helpers", "model files", "runtime", "tokenizers")
            .whereLayer("zero-shot")
            .mayOnlyAccessLayers("API", "helpers", "model files", "runtime", "tokenizers")
            .whereLayer("loader")
            .mayOnlyAccessLayers(
                    "API",
                    "helpers",
                    "Hub client",
                    "model files",
                    "tokenizers",
                    "converter",
                    "token classifier",
                    "zero-shot")
            .whereLayer("CoNLL")
            .mayOnlyAccessLayers("API", "helpers")
            .whereLayer("training")
            .mayOnlyAccessLayers(
                    "API", "helpers", "model files", "runtime", "tokenizers", "converter", "token classifier", "CoNLL")
            .whereLayer("options")
            .mayOnlyAccessLayers("API", "helpers")
            .whereLayer("adapters")
            .mayOnlyAccessLayers("API", "helpers", "CoNLL", "options", "training")
            .whereLayer("applications")
            .mayOnlyBeAccessedByLayers("applications");
}
