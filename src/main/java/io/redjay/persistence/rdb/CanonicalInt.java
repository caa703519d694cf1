package io.redjay.persistence.rdb;

/**
 * Whether a byte string is a 64-bit integer written the one way Redis writes it (no sign on zero, no leading zeros,
 * no spaces, at most 20 characters): the test both RDB's integer strings and listpack's integer entries apply, since
 * only then does turning the text into a number and back give the same bytes.
 */
final class CanonicalInt {
    private CanonicalInt() {
    }

    static boolean test(byte[] b, int off, int len) {
        if (len == 0 || len > 20) {
            return false;
        }
        if (len == 1 && b[off] == '0') {
            return true;
        }
        int p = off;
        int end = off + len;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
            if (p == end) {
                return false;
            }
        }
        if (b[p] < '1' || b[p] > '9') {
            return false;
        }
        long v = 0;
        for (; p < end; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                return negative && v == Long.MAX_VALUE / 10 && d == 8 && p == end - 1;
            }
            v = v * 10 + d;
        }
        return true;
    }

    /** The value of a string {@link #test} accepted. */
    static long parse(byte[] b, int off, int len) {
        int p = off;
        boolean negative = b[p] == '-';
        if (negative) {
            p++;
        }
        long v = 0;
        for (; p < off + len; p++) {
            v = v * 10 - (b[p] - '0');
        }
        return negative ? v : -v;
    }
}
