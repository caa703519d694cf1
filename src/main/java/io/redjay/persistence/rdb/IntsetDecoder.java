package io.redjay.persistence.rdb;

/**
 * Validates and walks a Redis intset blob (a 4-byte element width of 2, 4 or 8, a 4-byte count, then the integers
 * little-endian in strictly ascending order), as the {@code SET_INTSET} RDB type stores it.
 */
final class IntsetDecoder {
    static final String FAILURE = "Intset integrity check failed.";

    private IntsetDecoder() {
    }

    static int decode(byte[] is, PackedEntries out) throws RdbException {
        if (is.length < 8) {
            throw new RdbException(FAILURE);
        }
        long width = ListpackDecoder.le(is, 0, 4);
        long count = ListpackDecoder.le(is, 4, 4);
        if ((width != 2 && width != 4 && width != 8) || 8 + width * count != is.length) {
            throw new RdbException(FAILURE);
        }
        int w = (int) width;
        int shift = 64 - 8 * w;
        long prev = 0;
        for (int i = 0; i < count; i++) {
            long v = (ListpackDecoder.le(is, 8 + i * w, w) << shift) >> shift;
            if (i > 0 && v <= prev) {
                throw new RdbException(FAILURE);
            }
            prev = v;
            out.entry(ListpackDecoder.digits(v));
        }
        return (int) count;
    }
}
