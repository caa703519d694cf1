package io.redjay.types;

import java.nio.charset.StandardCharsets;

/**
 * Number parsing and printing with Redis's exact rules, on byte slices so that no {@code String} is built on the hot
 * path.
 *
 * <ul>
 * <li>{@link #parseLong}: Redis's {@code string2ll}: optional minus, no plus, no leading zeros, no blanks, at most
 * 20 characters, overflow rejected. {@code "-0"} and {@code "007"} are not integers.</li>
 * <li>{@link #parseDouble}: {@code strtod} as Redis calls it: no leading blank, the whole input consumed, overflow to
 * infinity and underflow to zero rejected, {@code inf}/{@code infinity} accepted, NaN rejected.</li>
 * <li>{@link #doubleToBytes}: {@code d2string}: integral values in the safe range print as integers, others with
 * C's {@code %.17g}.</li>
 * </ul>
 */
public final class Numbers {
    private Numbers() {
    }

    /** Returned by {@link #parseLong} for input that is not an integer (see {@link #isValidLong}). */
    public static final long NOT_A_NUMBER = Long.MIN_VALUE;

    private static final long FLAG_INVALID = Long.MIN_VALUE;

    /**
     * Parses a strict decimal integer. Long.MIN_VALUE itself is a valid input, so callers that must accept it use
     * {@link #isValidLong} to distinguish; everywhere else a return of {@link #NOT_A_NUMBER} means "not an integer".
     */
    public static long parseLong(byte[] s) {
        return parseLongOrFlag(s);
    }

    private static long parseLongOrFlag(byte[] s) {
        int n = s.length;
        if (n == 0 || n >= 21) {
            return FLAG_INVALID;
        }
        if (n == 1 && s[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            i = 1;
            if (n == 1) {
                return FLAG_INVALID;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return FLAG_INVALID;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return FLAG_INVALID;
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                return FLAG_INVALID;
            }
            v = v * 10 - d;
        }
        if (negative) {
            return v;
        }
        if (v == Long.MIN_VALUE) {
            return FLAG_INVALID;
        }
        return -v;
    }

    /** Exact check that {@code s} is a valid integer, including the value Long.MIN_VALUE. */
    public static boolean isValidLong(byte[] s) {
        long v = parseLongOrFlag(s);
        if (v != FLAG_INVALID) {
            return true;
        }
        return s.length == 20 && java.util.Arrays.equals(s, MIN_LONG_TEXT);
    }

    private static final byte[] MIN_LONG_TEXT = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

    public static byte[] longToBytes(long v) {
        if (v >= 0 && v < SMALL.length) {
            return SMALL[(int) v].clone();
        }
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[][] SMALL = new byte[10000][];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    public static int digits(long v) {
        int d = 1;
        long p = 10;
        while (d < 19 && v >= p) {
            d++;
            p *= 10;
        }
        return d;
    }

    /**
     * Parses a double as Redis's {@code string2d}. Returns NaN for invalid input (NaN itself is never a valid input).
     */
    public static double parseDouble(byte[] s) {
        return parseDouble(s, 0, s.length);
    }

    public static double parseDouble(byte[] s, int off, int len) {
        if (len == 0 || len > 5000) {
            return Double.NaN;
        }
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (s[i] == '-' || s[i] == '+') {
            negative = s[i] == '-';
            i++;
        }
        int rest = end - i;
        if (rest == 3 && eqIgnoreCase(s, i, "inf") || rest == 8 && eqIgnoreCase(s, i, "infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            return parseHexDouble(s, i + 2, end, negative);
        }
        boolean anyDigit = false;
        boolean nonZero = false;
        while (i < end && s[i] >= '0' && s[i] <= '9') {
            anyDigit = true;
            nonZero |= s[i] != '0';
            i++;
        }
        if (i < end && s[i] == '.') {
            i++;
            while (i < end && s[i] >= '0' && s[i] <= '9') {
                anyDigit = true;
                nonZero |= s[i] != '0';
                i++;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        if (i < end && (s[i] == 'e' || s[i] == 'E')) {
            int j = i + 1;
            if (j < end && (s[j] == '-' || s[j] == '+')) {
                j++;
            }
            int expDigits = j;
            while (j < end && s[j] >= '0' && s[j] <= '9') {
                j++;
            }
            if (j > expDigits) {
                i = j;
            }
        }
        if (i != end) {
            return Double.NaN;
        }
        double v = Double.parseDouble(new String(s, off, len, StandardCharsets.ISO_8859_1));
        if (Double.isInfinite(v) || (v == 0 && nonZero)) {
            return Double.NaN;
        }
        return v;
    }

    /** strtod's hexadecimal form: {@code 0x1.8p3}; the binary exponent is optional. */
    private static double parseHexDouble(byte[] s, int i, int end, boolean negative) {
        int start = i;
        boolean anyDigit = false;
        boolean seenDot = false;
        boolean seenExp = false;
        for (; i < end; i++) {
            byte b = s[i];
            if (Character.digit(b, 16) >= 0 && !seenExp) {
                anyDigit = true;
            } else if (b == '.' && !seenDot && !seenExp) {
                seenDot = true;
            } else if ((b == 'p' || b == 'P') && anyDigit && !seenExp) {
                seenExp = true;
                if (i + 1 < end && (s[i + 1] == '+' || s[i + 1] == '-')) {
                    i++;
                }
                if (i + 1 >= end) {
                    return Double.NaN;
                }
            } else if (seenExp && b >= '0' && b <= '9') {
                continue;
            } else {
                return Double.NaN;
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        String text = "0x" + new String(s, start, end - start, StandardCharsets.ISO_8859_1) + (seenExp ? "" : "p0");
        double v = Double.parseDouble(text);
        if (Double.isInfinite(v)) {
            return Double.NaN;
        }
        return negative ? -v : v;
    }

    private static boolean eqIgnoreCase(byte[] s, int i, String word) {
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) s[i + k]) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Formats as Redis's {@code d2string}. */
    public static byte[] doubleToBytes(double d) {
        return doubleToString(d).getBytes(StandardCharsets.US_ASCII);
    }

    public static String doubleToString(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1.0 / d < 0) ? "-0" : "0";
        }
        double half = (double) (Long.MAX_VALUE / 2);
        if (d >= -half && d <= half) {
            long l = (long) d;
            if (l == d) {
                return Long.toString(l);
            }
        }
        return formatG(d, 17);
    }

    /** C's {@code %.<precision>g} for a finite, non-zero double. */
    public static String formatG(double d, int precision) {
        return CFormat.formatG(d, precision, false, false);
    }
}
