package io.redjay.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The last {@code repl-backlog-size} bytes of the replication stream, in a ring, with the stream offset of their
 * first byte: what a replica that lost its link needs to continue from where it was ({@code +CONTINUE}) instead of
 * loading the whole dataset again. Offsets are the master's {@code master_repl_offset} numbering: the byte at offset
 * {@code n} is the n-th byte of the stream since the replication ID began (the first is 1).
 */
final class ReplicationBacklog {
    private byte[] ring;
    private int writeIndex;
    private long histlen;
    /** Offset of the first byte still held. */
    private long firstByteOffset;

    ReplicationBacklog(int size, long nextOffset) {
        this.ring = new byte[Math.max(16, size)];
        this.firstByteOffset = nextOffset;
    }

    /** Appends the readable bytes of {@code b} (not consumed). */
    void append(ByteBuf b) {
        int n = b.readableBytes();
        int from = b.readerIndex();
        while (n > 0) {
            int chunk = Math.min(n, ring.length - writeIndex);
            b.getBytes(from, ring, writeIndex, chunk);
            writeIndex = (writeIndex + chunk) % ring.length;
            from += chunk;
            n -= chunk;
            histlen += chunk;
        }
        if (histlen > ring.length) {
            firstByteOffset += histlen - ring.length;
            histlen = ring.length;
        }
    }

    /** The same stream in a ring of {@code size} bytes: the newest bytes are kept, as many as fit. */
    ReplicationBacklog resized(int size) {
        ReplicationBacklog r = new ReplicationBacklog(size, firstByteOffset);
        long keep = Math.min(histlen, r.ring.length);
        long from = firstByteOffset + histlen - keep;
        r.firstByteOffset = from;
        r.append(from(from));
        return r;
    }

    /** The stream's numbering moves by {@code delta} (a restarted master continuing its file's offsets). */
    void rebase(long delta) {
        firstByteOffset += delta;
    }

    long firstByteOffset() {
        return firstByteOffset;
    }

    long histlen() {
        return histlen;
    }

    int size() {
        return ring.length;
    }

    /** Whether the stream from {@code offset} on (the next byte a replica wants) is still here. */
    boolean holds(long offset) {
        return offset >= firstByteOffset && offset <= firstByteOffset + histlen;
    }

    /** The bytes from stream offset {@code offset} to the end. */
    ByteBuf from(long offset) {
        int skip = (int) (offset - firstByteOffset);
        int n = (int) histlen - skip;
        ByteBuf out = Unpooled.buffer(Math.max(0, n));
        int start = (int) ((writeIndex - histlen + skip) % ring.length + ring.length) % ring.length;
        while (n > 0) {
            int chunk = Math.min(n, ring.length - start);
            out.writeBytes(ring, start, chunk);
            start = (start + chunk) % ring.length;
            n -= chunk;
        }
        return out;
    }
}
