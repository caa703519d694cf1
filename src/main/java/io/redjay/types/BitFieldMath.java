package io.redjay.types;

/**
 * Integer arithmetic inside a bitfield of 1..64 bits (signed) or 1..63 bits (unsigned), with BITFIELD's three
 * overflow policies: WRAP (modular arithmetic; for signed fields the result wraps towards the most negative value),
 * SAT (clamp to the field's minimum or maximum) and FAIL (the caller refuses the operation).
 *
 * <p>Values travel as Java {@code long}s; an unsigned field's value is non-negative because at most 63 bits wide.
 * A SET checks the stored value the same way, as an increment of zero applied to the new value, so that
 * {@code SET u8 0 300} is an overflow like {@code INCRBY u8 0 300} on a zero field.
 */
public final class BitFieldMath {
    private BitFieldMath() {
    }

    public static final int WRAP = 0;
    public static final int SAT = 1;
    public static final int FAIL = 2;

    /** 1 when {@code value + incr} exceeds the field's maximum, -1 when below its minimum, else 0. */
    public static int overflow(boolean signed, long value, long incr, int bits) {
        return signed ? signedOverflow(value, incr, bits) : unsignedOverflow(value, incr, bits);
    }

    /** The value to store for {@code value + incr} given the direction of overflow and the policy (not FAIL). */
    public static long result(boolean signed, long value, long incr, int bits, int direction, int policy) {
        if (direction == 0) {
            return value + incr;
        }
        if (policy == SAT) {
            if (signed) {
                long max = signedMax(bits);
                return direction > 0 ? max : -max - 1;
            }
            return direction > 0 ? unsignedMax(bits) : 0;
        }
        long sum = value + incr;
        if (!signed) {
            return sum & unsignedMax(bits);
        }
        if (bits == 64) {
            return sum;
        }
        long mask = -1L << bits;
        return (sum & (1L << (bits - 1))) != 0 ? sum | mask : sum & ~mask;
    }

    private static long unsignedMax(int bits) {
        return (1L << bits) - 1;
    }

    private static long signedMax(int bits) {
        return bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    }

    private static int unsignedOverflow(long value, long incr, int bits) {
        long max = unsignedMax(bits);
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || incr > 0 && incr > maxIncr) {
            return 1;
        }
        if (incr < 0 && incr < minIncr) {
            return -1;
        }
        return 0;
    }

    private static int signedOverflow(long value, long incr, int bits) {
        long max = signedMax(bits);
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        if (value > max || bits != 64 && incr > maxIncr || value >= 0 && incr > 0 && incr > maxIncr) {
            return 1;
        }
        if (value < min || bits != 64 && incr < minIncr || value < 0 && incr < 0 && incr < minIncr) {
            return -1;
        }
        return 0;
    }
}
