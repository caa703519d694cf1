package io.redjay.types;

import java.util.Arrays;

/**
 * The compact ("listpack") form of a small hash: one {@code byte[]} holding field, value, field, value... in
 * insertion order, each entry a length prefix followed by its bytes.
 *
 * <p><b>Why one array.</b> Most hashes in real datasets have a handful of short fields. Storing each field and value
 * as its own {@code byte[]} in a table costs four or five objects per pair (node, key, value, bucket slot), several
 * times the payload. Packing everything into a single array makes a 5-field hash two objects (the
 * {@link HashValue} and this array), and a linear search over a few hundred bytes is as fast as hashing. The price,
 * a copy of the array on every insert or delete, is bounded by the conversion thresholds
 * ({@code hash-max-listpack-entries}/{@code -value}), past which the hash moves to a table for good.
 *
 * <p><b>Format.</b> The length prefix is an unsigned little-endian base-128 varint (7 bits per byte, high bit set
 * on all but the last byte), so entries up to 127 bytes pay one byte of overhead. Arrays are kept at their exact
 * size: no slack, since most small hashes are written once and read many times. This is our own format, not
 * Redis's listpack bytes.
 */
final class HashPacked {
    static final byte[] EMPTY = new byte[0];

    private HashPacked() {
    }

    /** Bytes taken by the length prefix of an entry of {@code len} bytes. */
    static int prefixSize(int len) {
        if (len < 1 << 7) {
            return 1;
        }
        if (len < 1 << 14) {
            return 2;
        }
        if (len < 1 << 21) {
            return 3;
        }
        if (len < 1 << 28) {
            return 4;
        }
        return 5;
    }

    /** The length stored in the prefix at {@code pos}. */
    static int length(byte[] a, int pos) {
        int len = 0;
        int shift = 0;
        byte b;
        do {
            b = a[pos++];
            len |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0);
        return len;
    }

    /** Offset of the data of the entry whose prefix starts at {@code pos}. */
    static int dataStart(byte[] a, int pos) {
        while (a[pos] < 0) {
            pos++;
        }
        return pos + 1;
    }

    /** Offset of the entry following the one at {@code pos}. */
    static int next(byte[] a, int pos) {
        int len = length(a, pos);
        return pos + prefixSize(len) + len;
    }

    private static int writeEntry(byte[] a, int pos, byte[] data) {
        int len = data.length;
        while (len >= 0x80) {
            a[pos++] = (byte) (len | 0x80);
            len >>>= 7;
        }
        a[pos++] = (byte) len;
        System.arraycopy(data, 0, a, pos, data.length);
        return pos + data.length;
    }

    private static int entrySize(byte[] data) {
        return prefixSize(data.length) + data.length;
    }

    /** Number of entries (fields plus values). */
    static int count(byte[] a) {
        int n = 0;
        for (int pos = 0; pos < a.length; pos = next(a, pos)) {
            n++;
        }
        return n;
    }

    /** Offset of the field entry equal to {@code field}, or -1. */
    static int find(byte[] a, byte[] field) {
        int pos = 0;
        int n = a.length;
        int want = field.length;
        while (pos < n) {
            int len = length(a, pos);
            int data = pos + prefixSize(len);
            if (len == want && Arrays.equals(a, data, data + len, field, 0, want)) {
                return pos;
            }
            pos = next(a, data + len);
        }
        return -1;
    }

    /** A copy of the entry at {@code pos}. */
    static byte[] copy(byte[] a, int pos) {
        int len = length(a, pos);
        int data = pos + prefixSize(len);
        return Arrays.copyOfRange(a, data, data + len);
    }

    /** A new array with the pair appended. */
    static byte[] append(byte[] a, byte[] field, byte[] value) {
        byte[] out = Arrays.copyOf(a, a.length + entrySize(field) + entrySize(value));
        writeEntry(out, writeEntry(out, a.length, field), value);
        return out;
    }

    /** A new array with the entry at {@code pos} replaced by {@code value}. */
    static byte[] replace(byte[] a, int pos, byte[] value) {
        int end = next(a, pos);
        byte[] out = new byte[a.length - (end - pos) + entrySize(value)];
        System.arraycopy(a, 0, out, 0, pos);
        int after = writeEntry(out, pos, value);
        System.arraycopy(a, end, out, after, a.length - end);
        return out;
    }

    /** A new array without the pair whose field starts at {@code pos}. */
    static byte[] removePair(byte[] a, int pos) {
        int end = next(a, next(a, pos));
        byte[] out = new byte[a.length - (end - pos)];
        System.arraycopy(a, 0, out, 0, pos);
        System.arraycopy(a, end, out, pos, a.length - end);
        return out;
    }
}
