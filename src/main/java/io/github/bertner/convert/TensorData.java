package io.github.bertner.convert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The bytes of one checkpoint tensor, read when they are needed and not before, so that a conversion holds one
 * tensor (or one chunk of a large one) at a time rather than the whole checkpoint. The offsets have been checked
 * against the file when the tensor was listed.
 */
sealed interface TensorData {

    /** The number of bytes. */
    long size();

    /**
     * Reads {@code target.remaining()} bytes from {@code offset} into {@code target}.
     *
     * @throws IOException if the file cannot be read or ends early
     */
    void read(long offset, ByteBuffer target) throws IOException;

    /** A region of an open file (safetensors): positional reads, no mapping. */
    record FileRegion(FileChannel channel, long position, long size) implements TensorData {
        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            long at = position + offset;
            while (target.hasRemaining()) {
                int read = channel.read(target, at);
                if (read < 0) {
                    throw new IOException("unexpected end of file at byte " + at);
                }
                at += read;
            }
        }
    }

    /** A region of a stored (uncompressed) zip entry (a torch zip checkpoint's storage). */
    record ZipRegion(ZipFile zip, ZipEntry entry, long start, long size) implements TensorData {
        @Override
        public void read(long offset, ByteBuffer target) throws IOException {
            try (InputStream in = zip.getInputStream(entry)) {
                in.skipNBytes(start + offset);
                byte[] chunk = new byte[Math.min(target.remaining(), 1 << 20)];
                while (target.hasRemaining()) {
                    int read = in.read(chunk, 0, Math.min(chunk.length, target.remaining()));
                    if (read < 0) {
                        throw new IOException("storage " + entry.getName() + " ends early");
                    }
                    target.put(chunk, 0, read);
                }
            }
        }
    }

    /** Bytes already in memory (a legacy torch checkpoint, or a strided tensor made contiguous). */
    record Bytes(ByteBuffer bytes) implements TensorData {
        @Override
        public long size() {
            return bytes.remaining();
        }

        @Override
        public void read(long offset, ByteBuffer target) {
            target.put(bytes.duplicate()
                    .position(bytes.position() + (int) offset)
                    .limit(bytes.position() + (int) offset + target.remaining()));
        }
    }
}
