package io.redjay.command;

/**
 * Per-command latency distribution for INFO latencystats, in microseconds.
 *
 * <p>Redis keeps an HDR histogram per command with two significant digits. This is the same idea reduced to what
 * INFO needs: values below 64 get one exact bucket each, and every power of two above is split into 32 linear
 * sub-buckets, so any recorded value is known to within about 3%. Recording is an index computation and one array
 * increment: nothing is allocated on the command path. A percentile is reported as the highest value its bucket can
 * hold, the way an HDR histogram reports {@code value_at_percentile}.
 */
public final class InfoLatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int EXACT = SUB * 2;
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = EXACT + (MAX_EXPONENT - SUB_BITS - 1) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;

    void record(long micros) {
        long v = Math.max(0, micros);
        counts[index(v)]++;
        total++;
    }

    /** How many executions were recorded (LATENCY HISTOGRAM's {@code calls}). */
    public long count() {
        return total;
    }

    public static int index(long v) {
        if (v < EXACT) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int shift = exponent - SUB_BITS;
        int sub = (int) (v >>> shift) - SUB;
        return EXACT + (shift - 1) * SUB + sub;
    }

    /** The largest value that falls into bucket {@code i}. */
    public static long highestInBucket(int i) {
        if (i < EXACT) {
            return i;
        }
        int shift = (i - EXACT) / SUB + 1;
        int sub = (i - EXACT) % SUB + SUB;
        return (((long) sub + 1) << shift) - 1;
    }

    /** The value at {@code percentile} (0..100) of the recorded values; 0 when nothing was recorded. */
    public long valueAtPercentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        double p = Math.min(100.0, Math.max(0.0, percentile));
        long wanted = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= wanted) {
                return highestInBucket(i);
            }
        }
        return highestInBucket(BUCKETS - 1);
    }
}
