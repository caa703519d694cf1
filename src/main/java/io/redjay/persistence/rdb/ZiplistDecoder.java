package io.redjay.persistence.rdb;

/**
 * Validates and walks a Redis ziplist, the packed form of RDB versions before 10 (Redis's {@code ziplist.c} layout: a
 * 4-byte total size, a 4-byte offset of the last entry, a 2-byte count, the entries, a 0xFF terminator; each entry a
 * previous-entry length of 1 or 5 bytes, an encoding, and the data). Redis's format, decoded only to build Redjay's
 * values: the sizes, the tail offset, each entry's previous length and bounds, and the count are all checked.
 */
final class ZiplistDecoder {
    private static final int HEADER = 10;
    private static final int END = 0xff;
    private static final int BIG_PREVLEN = 0xfe;
    private static final int UNKNOWN_COUNT = 0xffff;

    private ZiplistDecoder() {
    }

    static int decode(byte[] zl, String failure, PackedEntries out) throws RdbException {
        if (zl.length < HEADER + 1 || ListpackDecoder.le(zl, 0, 4) != zl.length || (zl[zl.length - 1] & 0xff) != END) {
            throw new RdbException(failure);
        }
        long tail = ListpackDecoder.le(zl, 4, 4);
        int declared = (int) ListpackDecoder.le(zl, 8, 2);
        int end = zl.length - 1;
        int p = HEADER;
        int prevSize = 0;
        int last = HEADER;
        int count = 0;
        while (p < end) {
            int start = p;
            int prev = zl[p] & 0xff;
            if (prev == BIG_PREVLEN) {
                need(p, 5, end, failure);
                long big = ListpackDecoder.le(zl, p + 1, 4);
                if (big != prevSize) {
                    throw new RdbException(failure);
                }
                p += 5;
            } else if (prev == END || prev != prevSize) {
                throw new RdbException(failure);
            } else {
                p += 1;
            }
            need(p, 1, end, failure);
            int b = zl[p] & 0xff;
            byte[] element;
            int kind = b >>> 6;
            if (kind < 3) {
                long len;
                if (kind == 0) {
                    len = b & 0x3f;
                    p += 1;
                } else if (kind == 1) {
                    need(p, 2, end, failure);
                    len = ((b & 0x3f) << 8) | (zl[p + 1] & 0xff);
                    p += 2;
                } else {
                    need(p, 5, end, failure);
                    if (b != 0x80) {
                        throw new RdbException(failure);
                    }
                    len = ((long) (zl[p + 1] & 0xff) << 24) | ((zl[p + 2] & 0xff) << 16) | ((zl[p + 3] & 0xff) << 8)
                            | (zl[p + 4] & 0xff);
                    p += 5;
                }
                need(p, len, end, failure);
                element = new byte[(int) len];
                System.arraycopy(zl, p, element, 0, (int) len);
                p += (int) len;
            } else {
                int width = switch (b) {
                    case 0xc0 -> 2;
                    case 0xd0 -> 4;
                    case 0xe0 -> 8;
                    case 0xf0 -> 3;
                    case 0xfe -> 1;
                    default -> 0;
                };
                p += 1;
                if (width > 0) {
                    need(p, width, end, failure);
                    long v = ListpackDecoder.le(zl, p, width);
                    int shift = 64 - 8 * width;
                    element = ListpackDecoder.digits((v << shift) >> shift);
                    p += width;
                } else if (b >= 0xf1 && b <= 0xfd) {
                    element = ListpackDecoder.digits((b & 0x0f) - 1);
                } else {
                    throw new RdbException(failure);
                }
            }
            last = start;
            prevSize = p - start;
            count++;
            out.entry(element);
        }
        if (tail != last || (declared != UNKNOWN_COUNT && declared != count)) {
            throw new RdbException(failure);
        }
        return count;
    }

    private static void need(int p, long n, int end, String failure) throws RdbException {
        if (n > end - p) {
            throw new RdbException(failure);
        }
    }
}
