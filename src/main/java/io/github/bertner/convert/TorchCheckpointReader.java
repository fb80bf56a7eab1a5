package io.github.bertner.convert;

import io.github.bertner.ModelLoadException;
import io.github.bertner.convert.SafeUnpickler.RefusedGlobalException;
import io.github.bertner.convert.SafeUnpickler.StateDict;
import io.github.bertner.convert.SafeUnpickler.StorageRef;
import io.github.bertner.convert.SafeUnpickler.StorageType;
import io.github.bertner.convert.SafeUnpickler.TensorRef;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads a PyTorch {@code pytorch_model.bin} state dict, in the zip format of torch 1.6 and later or in the
 * legacy format before it, through {@link SafeUnpickler}. Storage sizes, tensor offsets and strides are
 * checked against the bytes present before any is read. In the zip format a tensor's bytes stay in the archive
 * until they are read ({@link TensorData.ZipRegion}); the legacy format, a stream, is read whole.
 */
final class TorchCheckpointReader {
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int LEGACY_PROTOCOL = 1001;

    private TorchCheckpointReader() {}

    /**
     * Lists the tensors of a state dict.
     *
     * @param file the file
     * @param open receives what must stay open while the tensors are read (the zip archive)
     */
    static Map<String, CheckpointTensor> read(Path file, List<Closeable> open) throws ModelLoadException {
        try {
            return isZip(file) ? readZip(file, open) : readLegacy(file);
        } catch (RefusedGlobalException e) {
            throw new ModelLoadException(file, e.getMessage(), e);
        } catch (PickleException | ClassCastException | ArithmeticException | IllegalArgumentException e) {
            throw new ModelLoadException(file, "is not a readable PyTorch state dict: " + e.getMessage(), e);
        } catch (IOException e) {
            throw ModelLoadException.of(file, "cannot be read", e);
        }
    }

    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    private static Map<String, CheckpointTensor> readZip(Path file, List<Closeable> open) throws IOException {
        ZipFile zip = new ZipFile(file.toFile());
        open.add(zip);
        String top = topFolder(file, zip);
        ZipEntry byteOrder = zip.getEntry(top + "byteorder");
        if (byteOrder != null
                && !new String(zip.getInputStream(byteOrder).readAllBytes())
                        .trim()
                        .equals("little")) {
            throw new ModelLoadException(file, "stores big-endian tensors, which the converter does not read");
        }
        ZipEntry pickle = zip.getEntry(top + "data.pkl");
        if (pickle == null) {
            throw new ModelLoadException(file, "has no " + top + "data.pkl: not a PyTorch zip checkpoint");
        }
        Object root;
        try (InputStream in = new BufferedInputStream(zip.getInputStream(pickle))) {
            root = new SafeUnpickler(TorchCheckpointReader::zipStorage).read(in);
        }
        return tensors(file, root, ref -> zipStorage(zip, top + "data/" + ref.key()));
    }

    private static String topFolder(Path file, ZipFile zip) throws ModelLoadException {
        String first = zip.stream().findFirst().map(ZipEntry::getName).orElse("");
        int slash = first.indexOf('/');
        if (slash < 0) {
            throw new ModelLoadException(file, "is a zip file without the top folder of a PyTorch checkpoint");
        }
        return first.substring(0, slash + 1);
    }

    private static Storage zipStorage(ZipFile zip, String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IllegalArgumentException("storage " + name + " is missing from the archive");
        }
        return new Storage(entry.getSize(), (offset, length) -> new TensorData.ZipRegion(zip, entry, offset, length));
    }

    /** {@code ('storage', type, key, location, numel)}. */
    private static StorageRef zipStorage(Object[] id) {
        return new StorageRef(storageType(id).dtype(), String.valueOf(id[2]), SafeUnpickler.toLong(id[4]), 0);
    }

    /** {@code ('storage', type, root_key, location, numel, view_metadata)}; a view is (key, offset, size). */
    private static StorageRef legacyStorage(Object[] id) {
        StorageType type = storageType(id);
        if (id.length > 5 && id[5] instanceof Object[] view) {
            return new StorageRef(
                    type.dtype(), String.valueOf(id[2]), SafeUnpickler.toLong(view[2]), SafeUnpickler.toLong(view[1]));
        }
        return new StorageRef(type.dtype(), String.valueOf(id[2]), SafeUnpickler.toLong(id[4]), 0);
    }

    private static StorageType storageType(Object[] id) {
        if (id.length < 5 || !"storage".equals(id[0]) || !(id[1] instanceof StorageType type)) {
            throw new PickleException("unexpected persistent id " + Arrays.deepToString(id));
        }
        return type;
    }

    private static Map<String, CheckpointTensor> readLegacy(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            Object magic = plain().read(in);
            Object protocol = plain().read(in);
            if (!LEGACY_MAGIC.equals(magic instanceof Number n ? new BigInteger(n.toString()) : null)
                    || !(protocol instanceof Number p && p.intValue() == LEGACY_PROTOCOL)) {
                throw new ModelLoadException(
                        file, "is neither a zip nor a legacy PyTorch checkpoint (no magic number)");
            }
            Object sysInfo = plain().read(in);
            if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
                throw new ModelLoadException(file, "stores big-endian tensors, which the converter does not read");
            }
            Map<String, DType> types = new HashMap<>();
            Object root = new SafeUnpickler(id -> {
                        StorageRef ref = legacyStorage(id);
                        types.put(ref.key(), ref.dtype());
                        return ref;
                    })
                    .read(in);
            Object keys = plain().read(in);
            Map<String, ByteBuffer> storages = legacyStorages(file, in, keys, types);
            return tensors(
                    file, root, ref -> storages.containsKey(ref.key()) ? Storage.of(storages.get(ref.key())) : null);
        }
    }

    private static SafeUnpickler plain() {
        return new SafeUnpickler(id -> {
            throw new PickleException("unexpected persistent id outside the state dict");
        });
    }

    private static Map<String, ByteBuffer> legacyStorages(
            Path file, DataInputStream in, Object keys, Map<String, DType> types) throws IOException {
        if (!(keys instanceof List<?> list)) {
            throw new ModelLoadException(file, "has no list of storage keys after the state dict");
        }
        Map<String, ByteBuffer> storages = new LinkedHashMap<>();
        for (Object key : list) {
            DType dtype = types.get(String.valueOf(key));
            if (dtype == null) {
                throw new ModelLoadException(file, "lists storage " + key + " that no tensor uses");
            }
            long count = Long.reverseBytes(in.readLong());
            long bytes = count * dtype.bytes();
            if (count < 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new ModelLoadException(file, "storage " + key + " claims " + count + " elements");
            }
            byte[] data = new byte[(int) bytes];
            try {
                in.readFully(data);
            } catch (java.io.EOFException e) {
                throw new ModelLoadException(file, "is truncated: storage " + key + " needs " + bytes + " bytes", e);
            }
            storages.put(String.valueOf(key), ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
        }
        return storages;
    }

    @FunctionalInterface
    private interface Storages {
        /** The storage a reference names, or null. */
        Storage of(StorageRef ref);
    }

    /** A storage's size in bytes, and its regions' bytes. */
    private record Storage(long bytes, Regions regions) {
        static Storage of(ByteBuffer bytes) {
            return new Storage(
                    bytes.capacity(),
                    (offset, length) ->
                            new TensorData.Bytes(bytes.slice(Math.toIntExact(offset), Math.toIntExact(length))
                                    .order(ByteOrder.LITTLE_ENDIAN)));
        }
    }

    @FunctionalInterface
    private interface Regions {
        TensorData region(long offset, long length);
    }

    private static Map<String, CheckpointTensor> tensors(Path file, Object root, Storages storages)
            throws ModelLoadException {
        if (!(root instanceof StateDict) && !(root instanceof Map)) {
            throw new ModelLoadException(file, "does not hold a state dict (a mapping of names to tensors)");
        }
        Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) root).entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!(entry.getValue() instanceof TensorRef ref)) {
                throw new ModelLoadException(file, "entry " + name + " is not a tensor");
            }
            Storage storage = storages.of(ref.storage());
            if (storage == null) {
                throw new ModelLoadException(
                        file, "tensor " + name + ": storage " + ref.storage().key() + " is missing");
            }
            tensors.put(
                    name,
                    new CheckpointTensor(name, ref.storage().dtype(), ref.size(), elements(file, name, ref, storage)));
        }
        return tensors;
    }

    /** The tensor's elements, contiguous, after checking that every one lies inside its storage. */
    private static TensorData elements(Path file, String name, TensorRef ref, Storage storage)
            throws ModelLoadException {
        StorageRef source = ref.storage();
        int size = source.dtype().bytes();
        long available = Math.min(source.elementCount(), storage.bytes() / size - source.elementOffset());
        long count = CheckpointTensor.elementCount(ref.size());
        long last = ref.offset();
        for (int i = 0; i < ref.size().length; i++) {
            if (ref.stride().length != ref.size().length || ref.stride()[i] < 0) {
                throw new ModelLoadException(
                        file, "tensor " + name + " has invalid strides " + Arrays.toString(ref.stride()));
            }
            last += (ref.size()[i] - 1) * ref.stride()[i];
        }
        if (count < 0 || ref.offset() < 0 || (count > 0 && last >= available)) {
            throw new ModelLoadException(
                    file,
                    "tensor " + name + " " + Arrays.toString(ref.size()) + " at offset " + ref.offset()
                            + " reaches past its storage of " + available + " elements (truncated or corrupt)");
        }
        long base = source.elementOffset() + ref.offset();
        if (isContiguous(ref)) {
            return storage.regions().region(base * size, count * size);
        }
        return strided(file, name, ref, storage, base, count, size);
    }

    /** A view whose elements are not contiguous in its storage (rare in saved state dicts), copied into place. */
    private static TensorData strided(
            Path file, String name, TensorRef ref, Storage storage, long base, long count, int size)
            throws ModelLoadException {
        ByteBuffer whole = ByteBuffer.allocate(Math.toIntExact(storage.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        try {
            storage.regions().region(0, storage.bytes()).read(0, whole);
        } catch (IOException e) {
            throw ModelLoadException.of(file, "tensor " + name + " cannot be read", e);
        }
        ByteBuffer copy = ByteBuffer.allocate(Math.toIntExact(count * size)).order(ByteOrder.LITTLE_ENDIAN);
        copyStrided(whole.flip(), base, ref.size(), ref.stride(), 0, size, copy);
        return new TensorData.Bytes(copy.flip());
    }

    private static boolean isContiguous(TensorRef ref) {
        long expected = 1;
        for (int i = ref.size().length - 1; i >= 0; i--) {
            if (ref.size()[i] != 1 && ref.stride()[i] != expected) {
                return false;
            }
            expected *= ref.size()[i];
        }
        return true;
    }

    private static void copyStrided(
            ByteBuffer storage, long base, long[] sizes, long[] strides, int dim, int size, ByteBuffer out) {
        for (long i = 0; i < sizes[dim]; i++) {
            long at = base + i * strides[dim];
            if (dim == sizes.length - 1) {
                out.put(storage.slice((int) (at * size), size));
            } else {
                copyStrided(storage, at, sizes, strides, dim + 1, size, out);
            }
        }
    }
}
