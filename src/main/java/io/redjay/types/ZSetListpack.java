package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import java.util.Arrays;

/**
 * The compact encoding of a small sorted set: every (member, score) pair packed into one byte array, in score order
 * (then member order), as Redis keeps small sorted sets in a listpack. An entry is the member length as a varint,
 * the member bytes and the score as 8 bytes (IEEE 754 bits), so a 10-element set is two objects, not thirty.
 *
 * <p>Every operation is a linear walk, which for the few dozen entries this encoding is used for is faster than
 * chasing pointers; past {@code zset-max-listpack-entries} or {@code zset-max-listpack-value} the set is converted
 * once to the skiplist form. Positions are byte offsets; {@link #offsets()} indexes all entries when an operation
 * needs random access by rank or backward steps.
 */
final class ZSetListpack {
    /** This object: the array reference and two ints. */
    private static final long SHALLOW = HeapLayout.object(2 * Integer.BYTES, 1);

    private byte[] buf;
    private int used;
    private int count;

    ZSetListpack() {
        buf = new byte[16];
    }

    private ZSetListpack(byte[] buf, int used, int count) {
        this.buf = buf;
        this.used = used;
        this.count = count;
    }

    ZSetListpack copy() {
        return new ZSetListpack(Arrays.copyOf(buf, Math.max(used, 1)), used, count);
    }

    int size() {
        return count;
    }

    /** Bytes of packed data, for memory estimates. */
    int bytes() {
        return used;
    }

    /** The heap this listpack retains: itself and its array. */
    long heapBytes() {
        return SHALLOW + HeapLayout.byteArray(buf.length);
    }

    int end() {
        return used;
    }

    // --- entry access by offset ---

    int memberLength(int off) {
        int v = 0;
        int shift = 0;
        while (true) {
            int b = buf[off++] & 0xff;
            v |= (b & 0x7f) << shift;
            if (b < 0x80) {
                return v;
            }
            shift += 7;
        }
    }

    int memberStart(int off) {
        while ((buf[off] & 0x80) != 0) {
            off++;
        }
        return off + 1;
    }

    byte[] member(int off) {
        int start = memberStart(off);
        return Arrays.copyOfRange(buf, start, start + memberLength(off));
    }

    double score(int off) {
        int p = memberStart(off) + memberLength(off);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (buf[p + i] & 0xff);
        }
        return Double.longBitsToDouble(bits);
    }

    int next(int off) {
        return memberStart(off) + memberLength(off) + 8;
    }

    int compareMember(int off, byte[] member) {
        int start = memberStart(off);
        return Arrays.compareUnsigned(buf, start, start + memberLength(off), member, 0, member.length);
    }

    boolean memberEquals(int off, byte[] member) {
        int start = memberStart(off);
        return memberLength(off) == member.length
                && Arrays.equals(buf, start, start + member.length, member, 0, member.length);
    }

    /** Offsets of all entries in order. */
    int[] offsets() {
        int[] out = new int[count];
        int off = 0;
        for (int i = 0; i < count; i++) {
            out[i] = off;
            off = next(off);
        }
        return out;
    }

    /** Offset of the member's entry, or -1. */
    int find(byte[] member) {
        for (int off = 0; off < used; off = next(off)) {
            if (memberEquals(off, member)) {
                return off;
            }
        }
        return -1;
    }

    /** 0-based position of the member, or -1. */
    int indexOf(byte[] member) {
        int i = 0;
        for (int off = 0; off < used; off = next(off), i++) {
            if (memberEquals(off, member)) {
                return i;
            }
        }
        return -1;
    }

    // --- mutation ---

    /**
     * Inserts a member known to be absent at its ordered position. A score of -0 is stored as 0: Redis keeps
     * listpack scores as text and reads "-0" back as 0, while its skiplist keeps the sign.
     */
    void insert(byte[] member, double score) {
        if (score == 0) {
            score = 0.0;
        }
        int off = 0;
        while (off < used) {
            double s = score(off);
            if (s > score || (s == score && compareMember(off, member) > 0)) {
                break;
            }
            off = next(off);
        }
        int header = varintSize(member.length);
        int size = header + member.length + 8;
        ensure(used + size);
        System.arraycopy(buf, off, buf, off + size, used - off);
        int p = off;
        int len = member.length;
        while (len >= 0x80) {
            buf[p++] = (byte) (len | 0x80);
            len >>>= 7;
        }
        buf[p++] = (byte) len;
        System.arraycopy(member, 0, buf, p, member.length);
        p += member.length;
        long bits = Double.doubleToRawLongBits(score);
        for (int i = 7; i >= 0; i--) {
            buf[p + i] = (byte) bits;
            bits >>>= 8;
        }
        used += size;
        count++;
    }

    /** Deletes the entry at {@code off}. */
    void deleteAt(int off) {
        int end = next(off);
        System.arraycopy(buf, end, buf, off, used - end);
        used -= end - off;
        count--;
        shrinkIfSparse();
    }

    /** Deletes {@code n} consecutive entries starting at {@code off}. */
    void deleteRun(int off, int n) {
        int end = off;
        for (int i = 0; i < n; i++) {
            end = next(end);
        }
        System.arraycopy(buf, end, buf, off, used - end);
        used -= end - off;
        count -= n;
        shrinkIfSparse();
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(capacity, buf.length + (buf.length >> 1)));
        }
    }

    private void shrinkIfSparse() {
        if (buf.length > 64 && used < buf.length / 4) {
            buf = Arrays.copyOf(buf, Math.max(16, used * 2));
        }
    }

    private static int varintSize(int v) {
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
