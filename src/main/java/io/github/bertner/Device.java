package io.github.bertner;

import java.io.Serializable;
import java.util.Locale;

/**
 * Where ONNX Runtime runs the model: the CPU, or an NVIDIA GPU through its CUDA execution provider
 * (which needs the {@code onnxruntime_gpu} artifact instead of {@code onnxruntime}, and CUDA on the
 * machine).
 *
 * @param cuda whether to use the CUDA execution provider
 * @param index the CUDA device index (0 for the CPU)
 */
public record Device(boolean cuda, int index) implements Serializable {

    /** The CPU. */
    public static final Device CPU = new Device(false, 0);

    /** Validates the index. */
    public Device {
        if (index < 0 || (!cuda && index != 0)) {
            throw new IllegalArgumentException("device index must be 0 or more, and 0 for the CPU, was " + index);
        }
    }

    /**
     * Parses {@code cpu}, {@code cuda} (device 0) or {@code cuda:N}.
     *
     * @param text the device name
     * @return the device
     * @throws IllegalArgumentException naming a text that is none of these
     */
    public static Device parse(String text) {
        String name = text.trim().toLowerCase(Locale.ROOT);
        if (name.equals("cpu")) {
            return CPU;
        }
        if (name.equals("cuda")) {
            return new Device(true, 0);
        }
        if (name.startsWith("cuda:")) {
            try {
                return new Device(true, Integer.parseInt(name.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("device \"" + text + "\" must be cpu, cuda or cuda:N", e);
            }
        }
        throw new IllegalArgumentException("device \"" + text + "\" must be cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return cuda ? "cuda:" + index : "cpu";
    }
}
