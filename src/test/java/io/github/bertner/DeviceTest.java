package io.github.bertner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.github.bertner.runtime.OnnxSessionOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DeviceTest {

    @Test
    void devicesParse() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("CUDA")).isEqualTo(new Device(true, 0));
        assertThat(Device.parse("cuda:3")).isEqualTo(new Device(true, 3));
        assertThat(Device.parse("cuda:3")).hasToString("cuda:3");
        assertThatThrownBy(() -> Device.parse("gpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpu");
        assertThatThrownBy(() -> Device.parse("cuda:x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Device(true, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cudaWithoutTheGpuBuildIsAClearError() throws Exception {
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "this test needs the CPU build");
        assertThatThrownBy(() -> OnnxSessionOptions.of(
                        RecognizerConfig.builder().device(Device.parse("cuda")).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("onnxruntime_gpu");
    }
}
