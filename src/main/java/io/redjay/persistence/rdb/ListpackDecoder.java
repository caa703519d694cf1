package io.redjay.persistence.rdb;

import java.nio.charset.StandardCharsets;

/**
 * Validates and walks a Redis listpack as found in an RDB value (Redis's {@code listpack.c} layout: a 4-byte total
 * size, a 2-byte count, the entries, a 0xFF terminator; each entry its encoding byte(s), data, and a backward length
 * of 1 to 5 bytes). This is Redis's format, read only to build Redjay's own values: every entry's encoding, bounds and
 * backward length, the header's size and count, and the terminator are checked before anything is trusted, as
 * {@code sanitize-dump-payload yes} would.
 */
final class ListpackDecoder {
    static final int HEADER = 6;
    private static final int EOF = 0xff;
    private static final int UNKNOWN_COUNT = 0xffff;

    private ListpackDecoder() {
    }

    /** Walks every element; returns the element count. Throws {@code failure} as the message if anything is off. */
    static int decode(byte[] lp, String failure, PackedEntries out) throws RdbException {
        if (lp.length < HEADER + 1 || le(lp, 0, 4) != lp.length || (lp[lp.length - 1] & 0xff) != EOF) {
            throw new RdbException(failure);
        }
        int declared = (int) le(lp, 4, 2);
        int p = HEADER;
        int count = 0;
        int end = lp.length - 1;
        while (p < end) {
            int b = lp[p] & 0xff;
            int head;
            long dataLen;
            byte[] element = null;
            if ((b & 0x80) == 0) {
                head = 1;
                dataLen = 0;
                element = digits(b & 0x7f);
            } else if ((b & 0xc0) == 0x80) {
                head = 1;
                dataLen = b & 0x3f;
            } else if ((b & 0xe0) == 0xc0) {
                head = 2;
                dataLen = 0;
                need(p, 2, end, failure);
                int v = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
                element = digits(v >= 1 << 12 ? v - (1 << 13) : v);
            } else if ((b & 0xf0) == 0xe0) {
                head = 2;
                need(p, 2, end, failure);
                dataLen = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
            } else if (b == 0xf0) {
                head = 5;
                need(p, 5, end, failure);
                dataLen = le(lp, p + 1, 4);
            } else if (b >= 0xf1 && b <= 0xf4) {
                int width = b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
                head = 1 + width;
                dataLen = 0;
                need(p, head, end, failure);
                long v = le(lp, p + 1, width);
                int shift = 64 - 8 * width;
                element = digits((v << shift) >> shift);
            } else {
                throw new RdbException(failure);
            }
            long encLen = head + dataLen;
            int back = backlenSize(encLen);
            if (encLen + back > end - p) {
                throw new RdbException(failure);
            }
            if (element == null) {
                element = new byte[(int) dataLen];
                System.arraycopy(lp, p + head, element, 0, (int) dataLen);
            }
            int q = p + (int) encLen;
            if (readBacklen(lp, q + back - 1) != encLen) {
                throw new RdbException(failure);
            }
            p = q + back;
            count++;
            out.entry(element);
        }
        if (declared != UNKNOWN_COUNT && declared != count) {
            throw new RdbException(failure);
        }
        return count;
    }

    private static void need(int p, int n, int end, String failure) throws RdbException {
        if (n > end - p) {
            throw new RdbException(failure);
        }
    }

    static int backlenSize(long l) {
        if (l <= 127) {
            return 1;
        }
        if (l < 16383) {
            return 2;
        }
        if (l < 2097151) {
            return 3;
        }
        if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    /** Decodes a backward length ending at {@code last}: 7 bits a byte, read leftwards while the high bit is set. */
    private static long readBacklen(byte[] lp, int last) {
        long v = 0;
        int shift = 0;
        int p = last;
        while (true) {
            int b = lp[p] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0 || shift > 28) {
                return v;
            }
            shift += 7;
            p--;
        }
    }

    static long le(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (b[off + i] & 0xff) << (8 * i);
        }
        return v;
    }

    static byte[] digits(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
