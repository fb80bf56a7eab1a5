package io.github.bertner.options;

import io.github.bertner.Device;
import io.github.bertner.RecognizerConfig;
import picocli.CommandLine.Option;

/** {@code --device}: where ONNX Runtime runs, for every command that runs a model (a picocli mixin). */
public final class DeviceOption {
    @Option(
            names = "--device",
            paramLabel = "DEVICE",
            defaultValue = RecognizerConfig.DEFAULT_DEVICE,
            converter = DeviceConverter.class,
            description =
                    "cpu, cuda or cuda:N (CUDA needs the gpu build: mvn -Pgpu package) (default: ${DEFAULT-VALUE}).")
    Device device;

    /**
     * The device given, or the default.
     *
     * @return the device
     */
    public Device device() {
        return device;
    }
}
