package io.redjay.command;

import io.redjay.client.Client;
import io.redjay.types.Numbers;

/**
 * Argument parsing shared by command handlers. Each parser replies with Redis's error and returns a sentinel, so a
 * handler reads {@code long n = Args.longOrError(c, argv[2]); if (n == Args.INVALID) return;}. The sentinel is a value
 * no valid argument produces where these helpers are used (see each method).
 */
public final class Args {
    private Args() {
    }

    /** Returned when the argument was invalid and the error has been replied. */
    public static final long INVALID = Long.MIN_VALUE;

    /** A 64-bit integer; Long.MIN_VALUE itself is reported as INVALID-compatible only through {@link #isLong}. */
    public static long longOrError(Client c, byte[] arg) {
        return longOrError(c, arg, Errors.NOT_INTEGER);
    }

    public static long longOrError(Client c, byte[] arg, String error) {
        long v = Numbers.parseLong(arg);
        if (v == Numbers.NOT_A_NUMBER) {
            c.reply().error(error);
            return INVALID;
        }
        return v;
    }

    /** True if {@code arg} is a valid 64-bit integer (including Long.MIN_VALUE). */
    public static boolean isLong(byte[] arg) {
        return Numbers.isValidLong(arg);
    }

    /** A double as Redis's {@code getDoubleFromObjectOrReply}; NaN when invalid (error replied). */
    public static double doubleOrError(Client c, byte[] arg) {
        double d = Numbers.parseDouble(arg);
        if (Double.isNaN(d)) {
            c.reply().error(Errors.NOT_FLOAT);
        }
        return d;
    }

    /** A non-negative int within {@code max}, else the given error. */
    public static long rangeOrError(Client c, byte[] arg, long min, long max, String error) {
        long v = Numbers.parseLong(arg);
        if (v == Numbers.NOT_A_NUMBER || v < min || v > max) {
            c.reply().error(error);
            return INVALID;
        }
        return v;
    }

    /**
     * A blocking command's timeout in (fractional) seconds, as Redis's {@code getTimeoutFromObjectOrReply}: returns
     * the absolute deadline in unix ms, 0 for "forever", or -1 after replying the error.
     */
    public static long blockingTimeout(Client c, byte[] arg) {
        double seconds = Numbers.parseDouble(arg);
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            c.reply().error(Errors.TIMEOUT_NOT_FLOAT);
            return -1;
        }
        double scaled = Math.ceil(seconds * 1000.0);
        if (scaled < 0 || scaled >= 0x1p63) {
            c.reply().error("ERR timeout is negative");
            return -1;
        }
        long millis = (long) scaled;
        if (millis == 0) {
            return 0;
        }
        long now = System.currentTimeMillis();
        return millis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + millis;
    }
}
