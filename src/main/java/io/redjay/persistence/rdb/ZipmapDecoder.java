package io.redjay.persistence.rdb;

/**
 * Validates and walks a Redis zipmap, the hash form of RDB files from before Redis 2.6 (a 1-byte count, then per pair a
 * length, the field, a length, a free-byte count, the value and its free bytes, then 0xFF). Lengths are one byte
 * below 254, else 254 and four little-endian bytes. Fields and values come out alternately. A zipmap without a
 * pair is corrupt, as Redis's validation holds it, not an empty hash.
 */
final class ZipmapDecoder {
    private static final String FAILURE = "Zipmap integrity check failed.";
    private static final int BIGLEN = 254;
    private static final int END = 0xff;

    private ZipmapDecoder() {
    }

    static int decode(byte[] zm, PackedEntries out) throws RdbException {
        if (zm.length < 2 || (zm[zm.length - 1] & 0xff) != END) {
            throw new RdbException(FAILURE);
        }
        int declared = zm[0] & 0xff;
        int p = 1;
        int end = zm.length - 1;
        int pairs = 0;
        while (p < end) {
            for (int part = 0; part < 2; part++) {
                int b = zm[p] & 0xff;
                long len;
                if (b == END) {
                    throw new RdbException(FAILURE);
                }
                if (b == BIGLEN) {
                    need(p, 5, end);
                    len = ListpackDecoder.le(zm, p + 1, 4);
                    p += 5;
                } else {
                    len = b;
                    p += 1;
                }
                int free = 0;
                if (part == 1) {
                    need(p, 1, end);
                    free = zm[p] & 0xff;
                    p += 1;
                }
                need(p, len + free, end);
                byte[] s = new byte[(int) len];
                System.arraycopy(zm, p, s, 0, (int) len);
                p += (int) len + free;
                out.entry(s);
                if (part == 0) {
                    need(p, 1, end);
                }
            }
            pairs++;
        }
        if (pairs == 0 || (declared < BIGLEN && declared != pairs)) {
            throw new RdbException(FAILURE);
        }
        return pairs;
    }

    private static void need(int p, long n, int end) throws RdbException {
        if (n > end - p) {
            throw new RdbException(FAILURE);
        }
    }
}
