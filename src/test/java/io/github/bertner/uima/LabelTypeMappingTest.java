package io.github.bertner.uima;

import static io.github.bertner.uima.UimaTestSupport.whitespaceTokenized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.uima.cas.Type;
import org.apache.uima.jcas.JCas;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class LabelTypeMappingTest {
    private static final String NER = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.";
    private static final String DANE_MAP = "classpath:io/github/bertner/uima/dane-ner.map";

    @TempDir
    Path folder;

    @Test
    void theShippedDaneMappingNamesDkproSubtypesAndFallsBackToNamedEntity() throws Exception {
        LabelTypeMapping mapping = LabelTypeMapping.load(DANE_MAP);

        assertThat(mapping.typeNameFor("PER")).isEqualTo(NER + "Person");
        assertThat(mapping.typeNameFor("LOC")).isEqualTo(NER + "Location");
        assertThat(mapping.typeNameFor("ORG")).isEqualTo(NER + "Organization");
        assertThat(mapping.typeNameFor("MISC")).isEqualTo(NER + "NamedEntity");
        assertThat(mapping.typeNameFor("[PAD]")).isEqualTo(NER + "NamedEntity");
    }

    @Test
    void withoutAMappingEveryLabelIsANamedEntity() {
        assertThat(LabelTypeMapping.allNamedEntity().typeNameFor("PER")).isEqualTo(NER + "NamedEntity");
    }

    @Test
    void readsAFilePathAndIgnoresDkproMetadataKeys() throws Exception {
        Path map = write("__META_TYPE__=" + NER + "NamedEntity\nPER=" + NER + "Person\n*=" + NER + "NamedEntity\n");

        LabelTypeMapping mapping = LabelTypeMapping.load(map.toString());

        assertThat(mapping.typeNameFor("PER")).isEqualTo(NER + "Person");
        assertThat(mapping.typeNameFor("__META_TYPE__")).isEqualTo(NER + "NamedEntity");
    }

    @Test
    void aMissingMappingFailsAtInitialization() {
        assertThatThrownBy(() -> LabelTypeMapping.load("classpath:no/such.map"))
                .isInstanceOf(ResourceInitializationException.class)
                .hasMessageContaining("cannot read the label mapping classpath:no/such.map");
    }

    @Test
    void resolvesEveryLabelAgainstTheCasTypeSystem() throws Exception {
        JCas jcas = whitespaceTokenized("Danmark");

        var types = LabelTypeMapping.load(DANE_MAP).resolve(jcas.getTypeSystem());

        assertThat(types).containsOnlyKeys("PER", "LOC", "ORG", LabelTypeMapping.FALLBACK);
        assertThat(types.values())
                .extracting(Type::getShortName)
                .containsExactlyInAnyOrder("Person", "Location", "Organization", "NamedEntity");
    }

    private Path write(String lines) throws IOException {
        return Files.writeString(folder.resolve("labels.map"), lines, StandardCharsets.UTF_8);
    }
}
