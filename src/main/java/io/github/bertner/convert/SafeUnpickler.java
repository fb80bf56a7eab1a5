package io.github.bertner.convert;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the pickle of a PyTorch state dict as data. Every global the pickle names goes through an
 * allow-list (the ordered dict, the tensor rebuild functions and the storage classes, as
 * {@code torch.load(weights_only=True)} allows); any other global, and any opcode that would build an
 * object by name, stops the reading with a {@link RefusedGlobalException} naming it, before anything is
 * built from it. No Python code runs, and the unpickler's process-wide constructor registry is not used.
 */
final class SafeUnpickler extends Unpickler {
    private static final Set<String> REBUILD_TENSOR =
            Set.of("torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor");
    private static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
    private static final String ORDERED_DICT = "collections.OrderedDict";

    /** A global outside the allow-list, or an opcode that builds objects by name. */
    static final class RefusedGlobalException extends PickleException {
        private static final long serialVersionUID = 1L;

        RefusedGlobalException(String message) {
            super(message);
        }
    }

    /** The state dict: an ordered map of names to tensors; its {@code _metadata} attribute is dropped. */
    static final class StateDict extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** A torch storage class ({@code torch.FloatStorage}, …), as named in a persistent id. */
    record StorageType(String className, DType dtype) implements IObjectConstructor {
        @Override
        public Object construct(Object[] args) {
            throw new RefusedGlobalException("torch." + className + " is a storage type, not a callable");
        }
    }

    /** A storage named by a persistent id: its element type, key, element count and offset into a root storage. */
    record StorageRef(DType dtype, String key, long elementCount, long elementOffset) {}

    /** A tensor view: elements of a storage at an offset, with a size and strides in elements. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private final PersistentLoader persistentLoader;

    /** Turns a persistent id into a {@link StorageRef}. */
    @FunctionalInterface
    interface PersistentLoader {
        StorageRef load(Object[] persistentId);
    }

    SafeUnpickler(PersistentLoader persistentLoader) {
        this.persistentLoader = persistentLoader;
    }

    /** Reads one pickle from the stream, leaving the stream just after its STOP opcode. */
    Object read(InputStream stream) throws IOException {
        return load(stream);
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL -> {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(allowed(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL -> {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(allowed(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
                throw new RefusedGlobalException(
                        "pickle opcode " + opcodeName(key) + " (builds an object by name) is not allowed");
            case Opcodes.BUILD -> {
                stack.pop(); // the state dict's _metadata, which the converter does not need
                if (!(stack.peek() instanceof StateDict)) {
                    throw new RefusedGlobalException(
                            "pickle BUILD on " + stack.peek().getClass().getSimpleName() + " is not allowed");
                }
                return NO_RETURN_VALUE;
            }
            default -> {
                return super.dispatch(key);
            }
        }
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (!(pid instanceof Object[] tuple)) {
            throw new PickleException("persistent id " + pid + " is not a tuple");
        }
        return persistentLoader.load(tuple);
    }

    private static IObjectConstructor allowed(String module, String name) {
        String global = module + "." + name;
        if (global.equals(ORDERED_DICT)) {
            return args -> new StateDict();
        }
        if (REBUILD_TENSOR.contains(global)) {
            return SafeUnpickler::rebuildTensor;
        }
        if (global.equals(REBUILD_PARAMETER)) {
            return args -> args[0];
        }
        if (module.equals("torch")) {
            Optional<DType> dtype = DType.ofTorchStorage(name);
            if (dtype.isPresent()) {
                return new StorageType(name, dtype.get());
            }
        }
        throw new RefusedGlobalException(
                "the pickle calls " + global + ", which a BERT state dict never needs: refused, nothing was run");
    }

    private static TensorRef rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof StorageRef storage)) {
            throw new PickleException("_rebuild_tensor called with unexpected arguments");
        }
        return new TensorRef(storage, toLong(args[1]), longs(args[2]), longs(args[3]));
    }

    static long toLong(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        throw new PickleException("expected an integer, found " + value);
    }

    private static long[] longs(Object tuple) {
        if (!(tuple instanceof Object[] items)) {
            throw new PickleException("expected a tuple of integers, found " + tuple);
        }
        long[] values = new long[items.length];
        for (int i = 0; i < items.length; i++) {
            values[i] = toLong(items[i]);
        }
        return values;
    }

    private static String opcodeName(short key) {
        return switch (key) {
            case Opcodes.INST -> "INST";
            case Opcodes.EXT1 -> "EXT1";
            case Opcodes.EXT2 -> "EXT2";
            default -> "EXT4";
        };
    }
}
