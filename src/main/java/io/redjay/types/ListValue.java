package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import java.util.Arrays;

/**
 * A Redis list as a key's value: the {@link Quicklist} storage plus what every aggregate owes the generic commands
 * (TYPE, OBJECT ENCODING, COPY, DEBUG DIGEST, MEMORY USAGE).
 *
 * <p>MEMORY USAGE follows Redis 7.0's accounting for its list object, which is what a user compares against: the
 * object header, the quicklist header and, per node, the node struct plus the allocation of its listpack. The
 * listpack size is computed in Redis's own entry format (integers packed into 1 to 9 bytes, strings with a 1, 2 or
 * 5 byte header and a back-length of 1 to 5 bytes), not from Redjay's layout, so the figures match a real server.
 *
 * <p>The JVM heap it retains ({@link #heapBytes()}) is this object plus the running total its chain keeps of the
 * nodes and their arrays.
 */
public final class ListValue extends Quicklist implements Aggregate {
    private static final long QUICKLIST_STRUCT = 40;
    private static final long NODE_STRUCT = 40;
    private static final long LISTPACK_HEADER = 6;
    /** This object: the chain's two ends, the element count, the node count, the encoding flag, the node heap. */
    private static final long SHALLOW = HeapLayout.object(Long.BYTES + Integer.BYTES + 1 + Long.BYTES, 2);

    @Override
    public String typeName() {
        return "list";
    }

    @Override
    public String encoding() {
        return packed ? "listpack" : "quicklist";
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long heapBytes() {
        return SHALLOW + nodeHeap;
    }

    @Override
    public ListValue copy() {
        ListValue c = new ListValue();
        copyInto(c);
        return c;
    }

    @Override
    public void digestInto(Digest digest) {
        for (QuicklistNode n = head; n != null; n = n.next) {
            for (int p = n.first(); p >= 0; p = n.next(p)) {
                digest.mix(n.buf, n.valueOffset(p), n.length(p));
            }
        }
    }

    @Override
    public long memoryUsage(int samples) {
        long total = MemoryUsage.OBJECT_HEADER + QUICKLIST_STRUCT;
        long nodeBytes = 0;
        int measured = 0;
        for (QuicklistNode n = head; n != null && (samples == 0 || measured < samples); n = n.next) {
            nodeBytes += NODE_STRUCT + MemoryUsage.allocation(redisListpackBytes(n));
            measured++;
        }
        if (measured > 0) {
            total += (long) ((double) nodeBytes / measured * nodes);
        }
        return total;
    }

    private static long redisListpackBytes(QuicklistNode n) {
        long bytes = LISTPACK_HEADER + 1;
        for (int p = n.first(); p >= 0; p = n.next(p)) {
            int len = n.length(p);
            int encoded = redisEncodedSize(n.buf, n.valueOffset(p), len);
            bytes += encoded + backLength(encoded);
        }
        return bytes;
    }

    private static int redisEncodedSize(byte[] buf, int off, int len) {
        byte[] digits = len <= 20 ? Arrays.copyOfRange(buf, off, off + len) : null;
        if (digits != null && Numbers.isValidLong(digits)) {
            return integerSize(Numbers.parseLong(digits));
        }
        if (len < 64) {
            return 1 + len;
        }
        return len < 4096 ? 2 + len : 5 + len;
    }

    private static int integerSize(long v) {
        if (v >= 0 && v <= 127) {
            return 1;
        } else if (v >= -4096 && v <= 4095) {
            return 2;
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return 3;
        } else if (v >= -(1 << 23) && v < 1 << 23) {
            return 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return 5;
        }
        return 9;
    }

    private static int backLength(int encoded) {
        if (encoded <= 127) {
            return 1;
        } else if (encoded < 16383) {
            return 2;
        } else if (encoded < 2097151) {
            return 3;
        }
        return encoded < 268435455 ? 4 : 5;
    }
}
