package io.redjay.persistence.rdb;

import java.util.Arrays;

/**
 * A growable byte buffer that RDB encoding appends to, owned by the caller.
 *
 * <p><b>Compression left for later.</b> An encoder that defers LZF (see {@link RdbEncoder#deferringCompression})
 * writes each compressible string plainly and marks it here: where its length header starts, where its bytes start,
 * and how many there are. Whoever takes the bytes off the executor compresses the marked strings
 * ({@link ChunkCompressor}), so that the executor spends its slices walking the keyspace, not compressing.
 *
 * <p><b>Why the caller owns it.</b> The snapshot engine encodes on the executor thread, one key (or one chunk of a
 * large key) at a time, and hands the filled bytes to a file-writer thread. Letting it own the buffers means it can
 * keep two and swap them, or {@link #reset()} one after the writer drained it, so that steady-state encoding allocates
 * nothing: the array only grows, to the size of the largest chunk seen.
 */
public final class RdbOutput {
    private static final int[] NO_SPANS = new int[0];

    /** Bytes {@code [0, length)} of {@code array}. */
    public record View(byte[] array, int length) {
    }

    private byte[] buf;
    private int size;
    private int[] spans = NO_SPANS;
    private int spanInts;

    public RdbOutput(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** The backing array; bytes {@code [0, size())} are the output. Valid until the next write. */
    public byte[] array() {
        return buf;
    }

    public int size() {
        return size;
    }

    public void reset() {
        size = 0;
        spanInts = 0;
    }

    /** A copy of the output bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /**
     * Hands the output over as a chunk without copying it: the chunk takes this buffer's array, and writing goes on
     * into {@code next} (empty). The snapshot passes recycled arrays here, so steady-state saving allocates nothing
     * per chunk.
     */
    RdbChunk swapOut(byte[] next) {
        RdbChunk chunk = new RdbChunk(buf, size, spanInts == 0 ? NO_SPANS : Arrays.copyOf(spans, spanInts));
        buf = next;
        size = 0;
        spanInts = 0;
        return chunk;
    }

    /** Appends everything {@code other} holds, its strings left to compress included. */
    void append(RdbOutput other) {
        int base = size;
        write(other.buf, 0, other.size);
        for (int i = 0; i < other.spanInts; i += 3) {
            markCompressible(base + other.spans[i], base + other.spans[i + 1], other.spans[i + 2]);
        }
    }

    /** Marks a plainly written string as one to compress later: header at {@code header}, bytes at {@code data}. */
    void markCompressible(int header, int data, int len) {
        if (spanInts + 3 > spans.length) {
            spans = Arrays.copyOf(spans, Math.max(48, spans.length * 2));
        }
        spans[spanInts++] = header;
        spans[spanInts++] = data;
        spans[spanInts++] = len;
    }

    void ensure(int more) {
        if (size + more > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + more);
            if (want > Integer.MAX_VALUE - 8) {
                want = (long) size + more;
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    public void write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** {@code n} bytes of {@code v}, least significant first. */
    public void writeLittleEndian(long v, int n) {
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** {@code n} bytes of {@code v}, most significant first. */
    public void writeBigEndian(long v, int n) {
        ensure(n);
        for (int i = n - 1; i >= 0; i--) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    /** Overwrites {@code n} bytes at {@code pos} with {@code v}, little-endian (for headers patched afterwards). */
    void patchLittleEndian(int pos, long v, int n) {
        for (int i = 0; i < n; i++) {
            buf[pos + i] = (byte) (v >>> (8 * i));
        }
    }
}
