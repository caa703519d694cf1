package io.redjay.types;

import java.util.Arrays;

/**
 * A member interval as ZRANGEBYLEX takes it, for sorted sets whose members all share one score: {@code [a} inclusive,
 * {@code (a} exclusive, {@code -} and {@code +} the smallest and the largest possible string. The two infinities are
 * represented by null bounds with a flag, so that no real member (not even an empty one) compares equal to them.
 */
public final class ZSetLexRange {
    private final byte[] min;
    private final boolean minExclusive;
    private final boolean minInfinite;
    private final byte[] max;
    private final boolean maxExclusive;
    private final boolean maxInfinite;
    /** Which infinity a null bound stands for: -1 = "-", +1 = "+". */
    private final int minSign;
    private final int maxSign;

    private ZSetLexRange(byte[] min, boolean minExclusive, int minSign, byte[] max, boolean maxExclusive,
                         int maxSign) {
        this.min = min;
        this.minExclusive = minExclusive;
        this.minInfinite = min == null;
        this.minSign = minSign;
        this.max = max;
        this.maxExclusive = maxExclusive;
        this.maxInfinite = max == null;
        this.maxSign = maxSign;
    }

    /** Parses the two range items; null when either is not {@code -}, {@code +}, {@code (x} or {@code [x}. */
    public static ZSetLexRange parse(byte[] min, byte[] max) {
        Bound lo = Bound.parse(min);
        Bound hi = Bound.parse(max);
        if (lo == null || hi == null) {
            return null;
        }
        return new ZSetLexRange(lo.value, lo.exclusive, lo.sign, hi.value, hi.exclusive, hi.sign);
    }

    private record Bound(byte[] value, boolean exclusive, int sign) {
        static Bound parse(byte[] s) {
            if (s.length == 0) {
                return null;
            }
            switch (s[0]) {
                case '+':
                    return s.length == 1 ? new Bound(null, true, 1) : null;
                case '-':
                    return s.length == 1 ? new Bound(null, true, -1) : null;
                case '(':
                    return new Bound(Arrays.copyOfRange(s, 1, s.length), true, 0);
                case '[':
                    return new Bound(Arrays.copyOfRange(s, 1, s.length), false, 0);
                default:
                    return null;
            }
        }
    }

    /** Compares a real member with a bound, the infinities sorting before/after everything. */
    private static int compare(byte[] value, byte[] bound, int sign) {
        if (bound == null) {
            return -sign;
        }
        return Arrays.compareUnsigned(value, bound);
    }

    public boolean aboveMin(byte[] v) {
        int c = compare(v, min, minSign);
        return minExclusive ? c > 0 : c >= 0;
    }

    public boolean belowMax(byte[] v) {
        int c = compare(v, max, maxSign);
        return maxExclusive ? c < 0 : c <= 0;
    }

    public boolean contains(byte[] v) {
        return aboveMin(v) && belowMax(v);
    }

    /** True when no member can fall inside: min above max, or equal ends with one of them exclusive. */
    public boolean isEmpty() {
        int c;
        if (minInfinite && maxInfinite) {
            c = minSign == maxSign ? 0 : Integer.compare(minSign, maxSign);
        } else if (minInfinite) {
            c = minSign;
        } else if (maxInfinite) {
            c = -maxSign;
        } else {
            c = Arrays.compareUnsigned(min, max);
        }
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }
}
