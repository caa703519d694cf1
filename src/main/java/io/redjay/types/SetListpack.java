package io.redjay.types;

import io.redjay.keyspace.HeapLayout;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The compact form of a small set with non-integer members, as Redis 7.2's listpack-encoded sets: every member in
 * one byte array, each as a varint length followed by its bytes, in insertion order. A set of a few dozen short
 * strings is then one array rather than a table plus one node and one string per member. Lookups scan linearly,
 * which beats hashing at the sizes this form is kept to ({@code set-max-listpack-entries}, by default 128 members
 * of at most 64 bytes).
 */
final class SetListpack extends SetForm {
    /** This object: the array reference and two ints. */
    private static final long SHALLOW = HeapLayout.object(2 * Integer.BYTES, 1);

    private byte[] buf;
    private int used;
    private int count;

    SetListpack(int capacityBytes) {
        buf = new byte[Math.max(16, capacityBytes)];
    }

    private SetListpack(byte[] buf, int used, int count) {
        this.buf = buf;
        this.used = used;
        this.count = count;
    }

    @Override
    long size() {
        return count;
    }

    @Override
    String encoding() {
        return "listpack";
    }

    /** Appends a member known to be absent. */
    void append(byte[] member) {
        int need = varintSize(member.length) + member.length;
        if (used + need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(used + need, buf.length * 2));
        }
        used = writeVarint(buf, used, member.length);
        System.arraycopy(member, 0, buf, used, member.length);
        used += member.length;
        count++;
    }

    @Override
    boolean contains(byte[] member) {
        return find(member) >= 0;
    }

    @Override
    boolean remove(byte[] member) {
        int at = find(member);
        if (at < 0) {
            return false;
        }
        removeEntryAt(at);
        return true;
    }

    /** Offset of the entry holding {@code member}, or -1. */
    private int find(byte[] member) {
        int p = 0;
        while (p < used) {
            int len = readVarint(p);
            int data = p + varintSize(len);
            if (len == member.length && Arrays.equals(buf, data, data + len, member, 0, len)) {
                return p;
            }
            p = data + len;
        }
        return -1;
    }

    private int offsetOf(int index) {
        int p = 0;
        for (int i = 0; i < index; i++) {
            int len = readVarint(p);
            p += varintSize(len) + len;
        }
        return p;
    }

    private byte[] entryAt(int p) {
        int len = readVarint(p);
        int data = p + varintSize(len);
        return Arrays.copyOfRange(buf, data, data + len);
    }

    private void removeEntryAt(int p) {
        int len = readVarint(p);
        int end = p + varintSize(len) + len;
        System.arraycopy(buf, end, buf, p, used - end);
        used -= end - p;
        count--;
        if (buf.length > 64 && used * 4 < buf.length) {
            buf = Arrays.copyOf(buf, used * 2);
        }
    }

    @Override
    byte[] random() {
        return entryAt(offsetOf(ThreadLocalRandom.current().nextInt(count)));
    }

    @Override
    byte[] popRandom() {
        int p = offsetOf(ThreadLocalRandom.current().nextInt(count));
        byte[] member = entryAt(p);
        removeEntryAt(p);
        return member;
    }

    @Override
    boolean forEach(SetVisitor visitor) {
        int p = 0;
        while (p < used) {
            int len = readVarint(p);
            int data = p + varintSize(len);
            if (!visitor.visit(Arrays.copyOfRange(buf, data, data + len))) {
                return false;
            }
            p = data + len;
        }
        return true;
    }

    @Override
    SetForm copy() {
        return new SetListpack(Arrays.copyOf(buf, Math.max(used, 16)), used, count);
    }

    @Override
    long heapBytes() {
        return SHALLOW + HeapLayout.byteArray(buf.length);
    }

    private int readVarint(int p) {
        int v = 0;
        int shift = 0;
        while (true) {
            int b = buf[p++];
            v |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    private static int writeVarint(byte[] b, int p, int v) {
        while ((v & ~0x7f) != 0) {
            b[p++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[p++] = (byte) v;
        return p;
    }

    private static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
