package io.redjay.persistence.rdb;

/**
 * Writes Redis's listpack byte format, the blob RDB stores for quicklist nodes, small hashes and small sorted sets.
 * Redjay's own packed layouts differ (simpler length prefixes, no integer entries), so they are converted here, at
 * the boundary, entry by entry.
 *
 * <p><b>The format.</b> A 6-byte header (total bytes, 32-bit little-endian; element count, 16-bit, saturating at
 * 65535 for "unknown"), the entries, and a 0xFF terminator. Each entry is an encoding (a canonical integer in the
 * smallest of 7, 13, 16, 24, 32 or 64 bits; otherwise a string with a 6-, 12- or 32-bit length) followed by its
 * "backlen": the size of encoding plus data in a base-128 varint written so that it reads from its last byte, which
 * is what lets Redis walk a listpack backwards.
 *
 * <p>One writer is reused for every blob; it writes into a scratch {@link RdbOutput} that only grows.
 */
final class RedisListpackWriter {
    private static final int HEADER = 6;
    private static final int UNKNOWN_COUNT = 65535;

    private final RdbOutput out = new RdbOutput(256);
    private int count;

    void begin() {
        out.reset();
        out.ensure(HEADER);
        for (int i = 0; i < HEADER; i++) {
            out.write(0);
        }
        count = 0;
    }

    void append(byte[] b, int off, int len) {
        int start = out.size();
        if (CanonicalInt.test(b, off, len)) {
            appendInteger(CanonicalInt.parse(b, off, len));
        } else if (len < 64) {
            out.write(0x80 | len);
            out.write(b, off, len);
        } else if (len < 4096) {
            out.write(0xE0 | (len >> 8));
            out.write(len & 0xFF);
            out.write(b, off, len);
        } else {
            out.write(0xF0);
            out.writeLittleEndian(len, 4);
            out.write(b, off, len);
        }
        backlen(out.size() - start);
        count++;
    }

    private void appendInteger(long v) {
        if (v >= 0 && v <= 127) {
            out.write((int) v);
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1L << 13) + v : v;
            out.write((int) (0xC0 | (u >> 8)));
            out.write((int) (u & 0xFF));
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            out.write(0xF1);
            out.writeLittleEndian(v, 2);
        } else if (v >= -(1 << 23) && v < (1 << 23)) {
            out.write(0xF2);
            out.writeLittleEndian(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(0xF3);
            out.writeLittleEndian(v, 4);
        } else {
            out.write(0xF4);
            out.writeLittleEndian(v, 8);
        }
    }

    private void backlen(long l) {
        if (l <= 127) {
            out.write((int) l);
            return;
        }
        int groups = l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
        out.write((int) (l >>> (7 * (groups - 1))));
        for (int g = groups - 2; g >= 0; g--) {
            out.write((int) (((l >>> (7 * g)) & 127) | 128));
        }
    }

    /** Terminates the listpack and fills in its header; the blob is {@code array()[0, size())}. */
    void finish() {
        out.write(0xFF);
        out.patchLittleEndian(0, out.size(), 4);
        out.patchLittleEndian(4, Math.min(count, UNKNOWN_COUNT), 2);
    }

    byte[] array() {
        return out.array();
    }

    int size() {
        return out.size();
    }
}
