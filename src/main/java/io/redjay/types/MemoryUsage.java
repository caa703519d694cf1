package io.redjay.types;

/**
 * MEMORY USAGE's estimate of what a key costs, in the bytes Redis (64-bit, jemalloc) would report for the same data,
 * so that numbers users compare against Redis stay meaningful. The JVM's own layout is different and not what the
 * command is for.
 *
 * <p>The model follows Redis's accounting: a dictionary entry, the key as an sds string, and the value. A string value
 * is an object header alone when it holds a 64-bit integer, one allocation of header plus sds when short (embstr,
 * up to 44 bytes), and a header plus a separate sds beyond. Every allocation is rounded up to jemalloc's size class.
 * Aggregates implement {@link MemoryUsageEstimator} and build on {@link #allocation} and {@link #sds}.
 */
public final class MemoryUsage {
    /** sizeof(robj). */
    public static final long OBJECT_HEADER = 16;
    /** sizeof(dictEntry). */
    public static final long DICT_ENTRY = 24;
    private static final int EMBSTR_LIMIT = 44;
    private static final long SDS8_HEADER = 3;

    private MemoryUsage() {
    }

    /** The whole key: dictionary entry, key string and value. */
    public static long ofKey(byte[] key, Object value, int samples) {
        return DICT_ENTRY + sds(key.length) + ofValue(value, samples);
    }

    /** The value alone; {@code samples} bounds how many elements of an aggregate are measured (0 = all). */
    public static long ofValue(Object value, int samples) {
        if (value instanceof byte[] s) {
            return ofString(s);
        }
        if (value instanceof MemoryUsageEstimator m) {
            return m.memoryUsage(samples);
        }
        return OBJECT_HEADER;
    }

    static long ofString(byte[] s) {
        if (s.length <= 20 && Numbers.isValidLong(s)) {
            return OBJECT_HEADER;
        }
        if (s.length <= EMBSTR_LIMIT) {
            return allocation(OBJECT_HEADER + SDS8_HEADER + s.length + 1);
        }
        return OBJECT_HEADER + sds(s.length);
    }

    /** An sds string of {@code len} bytes created at its exact size: the smallest header that fits, plus a NUL. */
    public static long sds(long len) {
        long header;
        if (len < 1 << 5) {
            header = len == 0 ? SDS8_HEADER : 1;
        } else if (len < 1 << 8) {
            header = SDS8_HEADER;
        } else if (len < 1 << 16) {
            header = 5;
        } else if (len < 1L << 32) {
            header = 9;
        } else {
            header = 17;
        }
        return allocation(header + len + 1);
    }

    /**
     * What jemalloc hands out for a request of {@code n} bytes: 8, then multiples of 16 up to 128, then four classes
     * per power of two (160, 192, 224, 256, 320, ...).
     */
    public static long allocation(long n) {
        if (n <= 8) {
            return 8;
        }
        if (n <= 128) {
            return (n + 15) & ~15L;
        }
        int log2 = 63 - Long.numberOfLeadingZeros(n - 1);
        long step = 1L << (log2 - 2);
        return (n + step - 1) & ~(step - 1);
    }
}
