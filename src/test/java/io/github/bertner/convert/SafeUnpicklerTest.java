package io.github.bertner.convert;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The allow-list of globals, on pickles written by hand opcode by opcode: every global that could run code or reach
 * one (Python's builtins, {@code os}, {@code subprocess}) is refused at the opcode that names it, before the call
 * opcode that would run it is read.
 */
@Tag("unit")
class SafeUnpicklerTest {
    private static final int PROTO = 0x80;
    private static final int GLOBAL = 'c';
    private static final int SHORT_BINUNICODE = 0x8c;
    private static final int STACK_GLOBAL = 0x93;
    private static final int TUPLE1 = 0x85;
    private static final int REDUCE = 'R';
    private static final int STOP = '.';

    @ParameterizedTest
    @ValueSource(
            strings = {
                "builtins eval",
                "builtins exec",
                "builtins getattr",
                "builtins __import__",
                "builtins compile",
                "builtins open",
                "__builtin__ eval",
                "os system",
                "posix system",
                "subprocess Popen",
                "torch load",
                "collections defaultdict"
            })
    void aGlobalOutsideTheAllowListIsRefusedByGlobal(String global) {
        String[] parts = global.split(" ");
        ByteArrayOutputStream pickle = protocol(2);
        pickle.write(GLOBAL);
        pickle.writeBytes((parts[0] + "\n" + parts[1] + "\n").getBytes(StandardCharsets.US_ASCII));
        callWithOneString(pickle);
        assertRefused(pickle, parts[0] + "." + parts[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtins eval", "builtins getattr", "builtins __import__", "builtins exec"})
    void aGlobalOutsideTheAllowListIsRefusedByStackGlobal(String global) {
        String[] parts = global.split(" ");
        ByteArrayOutputStream pickle = protocol(4);
        shortString(pickle, parts[0]);
        shortString(pickle, parts[1]);
        pickle.write(STACK_GLOBAL);
        callWithOneString(pickle);
        assertRefused(pickle, parts[0] + "." + parts[1]);
    }

    private static void assertRefused(ByteArrayOutputStream pickle, String global) {
        SafeUnpickler unpickler = new SafeUnpickler(id -> {
            throw new AssertionError("no persistent id is in this pickle");
        });
        assertThatThrownBy(() -> unpickler.read(new ByteArrayInputStream(pickle.toByteArray())))
                .isInstanceOf(SafeUnpickler.RefusedGlobalException.class)
                .hasMessageContaining("calls " + global + ",")
                .hasMessageContaining("refused, nothing was run");
    }

    private static ByteArrayOutputStream protocol(int version) {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(PROTO);
        pickle.write(version);
        return pickle;
    }

    /** The global on the stack called with one string argument: {@code global("print(1)")}. */
    private static void callWithOneString(ByteArrayOutputStream pickle) {
        shortString(pickle, "print(1)");
        pickle.write(TUPLE1);
        pickle.write(REDUCE);
        pickle.write(STOP);
    }

    private static void shortString(ByteArrayOutputStream pickle, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        pickle.write(SHORT_BINUNICODE);
        pickle.write(bytes.length);
        pickle.writeBytes(bytes);
    }
}
