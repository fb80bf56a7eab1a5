package io.github.bertner.uima;

import static org.apache.uima.fit.factory.ExternalResourceFactory.createNamedResourceDescription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bertner.Aggregation;
import io.github.bertner.RecognizerConfig;
import io.github.bertner.TestModels;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.uima.fit.descriptor.ConfigurationParameter;
import org.apache.uima.resource.ResourceInitializationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The engine and the resource take the same model parameters, with the same defaults, which are RecognizerConfig's. */
@Tag("framework")
class TaggerParametersTest {

    @Test
    void engineAndResourceDeclareEveryModelParameterAlike() throws Exception {
        Set<String> names = modelParameterNames();
        Map<String, String> engine = declared(BertNamedEntityRecognizer.class, names);
        Map<String, String> resource = declared(BertTaggerResource.class, names);
        assertThat(engine.keySet()).isEqualTo(names);
        assertThat(resource.keySet()).isEqualTo(names);
        names.stream()
                .filter(name -> !name.equals(TaggerParameters.PARAM_MODEL_LOCATION))
                .forEach(name -> assertThat(engine.get(name)).as(name).isEqualTo(resource.get(name)));
        assertThat(names).contains("device", "memoryArena", "memoryPattern", "maxConcurrentRuns");
    }

    @Test
    void theDefaultsAreTaggerConfigsDefaults() throws Exception {
        BertTaggerResource resource = resource();
        try {
            assertThat(resource.tagger().config()).isEqualTo(RecognizerConfig.defaults());
        } finally {
            resource.destroy();
        }
    }

    @Test
    void aggregationIsReadInAnyCaseAndAnUnknownOneIsNamedWithTheValidOnes() throws Exception {
        BertTaggerResource resource = resource(TaggerParameters.PARAM_AGGREGATION, "average");
        try {
            assertThat(resource.tagger().config().tokenDecoding().aggregation()).isEqualTo(Aggregation.AVERAGE);
        } finally {
            resource.destroy();
        }
        assertThatThrownBy(() -> resource(TaggerParameters.PARAM_AGGREGATION, "frist"))
                .isInstanceOf(ResourceInitializationException.class)
                .hasMessageContaining("aggregation 'frist' is not one of none, simple, first, average, max");
    }

    /** The resource on the demo model, with further parameter name/value pairs. */
    private static BertTaggerResource resource(Object... parameters) throws Exception {
        Object[] all = new Object[parameters.length + 2];
        all[0] = TaggerParameters.PARAM_MODEL_LOCATION;
        all[1] = TestModels.MINI.toString();
        System.arraycopy(parameters, 0, all, 2, parameters.length);
        BertTaggerResource resource = new BertTaggerResource();
        resource.initialize(
                createNamedResourceDescription("tagger", BertTaggerResource.class, all)
                        .getResourceSpecifier(),
                Map.of());
        return resource;
    }

    private static Set<String> modelParameterNames() throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field field : TaggerParameters.class.getFields()) {
            if (field.getName().startsWith("PARAM_") && Modifier.isStatic(field.getModifiers())) {
                names.add((String) field.get(null));
            }
        }
        return names;
    }

    /** Parameter name → its defaults and description, for the fields of a class that declare one of the names. */
    private static Map<String, String> declared(Class<?> component, Set<String> names) {
        Map<String, String> declared = new TreeMap<>();
        for (Field field : component.getDeclaredFields()) {
            ConfigurationParameter parameter = field.getAnnotation(ConfigurationParameter.class);
            if (parameter != null && names.contains(parameter.name())) {
                declared.put(
                        parameter.name(),
                        field.getType().getSimpleName() + " " + Arrays.toString(parameter.defaultValue()) + " "
                                + parameter.description());
            }
        }
        return declared;
    }
}
