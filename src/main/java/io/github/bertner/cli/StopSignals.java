package io.github.bertner.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Stops a server on SIGTERM and SIGINT (Ctrl-C) before the JVM begins to shut down. Stopping in a shutdown hook is
 * too late: ONNX Runtime releases its environment in a shutdown hook of its own, which runs at the same time as
 * ours, under the model runs of the requests still in flight (a native crash). The JVM's own signal handlers are put
 * back by {@link #close()}.
 */
final class StopSignals implements AutoCloseable {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {}

    /**
     * Runs {@code stop} on SIGTERM or SIGINT, in the thread the JVM starts for the signal, instead of shutting down.
     *
     * @param stop what stops the server, given the signal's name ({@code SIGTERM}); the command then returns as it
     *     does when the server stops by itself
     * @return the installed handlers, to be closed when the server has stopped
     */
    static StopSignals install(Consumer<String> stop) {
        StopSignals installed = new StopSignals();
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            installed.signals.add(signal);
            installed.previous.add(Signal.handle(signal, received -> stop.accept("SIG" + received.getName())));
        }
        return installed;
    }

    /** Puts the JVM's handlers back. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
