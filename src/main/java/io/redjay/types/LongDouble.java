package io.redjay.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The x87 80-bit {@code long double} that Redis uses for INCRBYFLOAT and HINCRBYFLOAT, emulated exactly.
 *
 * <p><b>Why emulate rather than approximate.</b> Redis parses both operands with {@code strtold}, adds them in
 * extended precision (64-bit significand, 15-bit exponent) and prints the sum with {@code "%.17Lf"} followed by
 * trimming trailing zeros. The visible result depends on all three steps: {@code 10.5 + 0.1} prints {@code 10.6}
 * only because the extended-precision error is below the 17th decimal, while a {@code double} would show
 * {@code 10.59999999999999964}. Rounding each step the way the hardware does reproduces Redis's text for every
 * input, not just typical ones.
 *
 * <p><b>Representation.</b> A finite value is held as the exact {@link BigDecimal} of the binary number (every
 * binary fraction has a finite decimal expansion), so addition is exact and only {@link #roundToExtended} loses
 * information, exactly once per operation, with round-half-even as the FPU does. Infinity is a flag; NaN is never
 * held, since the only way to produce it ({@code inf + -inf}) is reported by callers as "NaN or Infinity" anyway.
 *
 * <p><b>Parsing</b> follows {@code string2ld}: no leading blank, the whole input consumed, decimal or hexadecimal
 * ({@code 0x1.8p3}) notation, {@code inf}/{@code infinity} accepted, NaN and out-of-range values (overflow, or
 * underflow all the way to zero) rejected, inputs of 5120 bytes or more rejected.
 */
public final class LongDouble {
    /** Significand bits of the x87 extended format, including the explicit integer bit. */
    private static final int PRECISION = 64;
    /** Smallest exponent of the last significand bit (the least subnormal is 2^-16445). */
    private static final int MIN_QUANTUM_EXP = -16445;
    /** Values at or above 2^16384 overflow to infinity. */
    private static final int MAX_EXP_EXCLUSIVE = 16384;
    /** Decimal-exponent bounds beyond which no exact computation is needed: certain overflow / underflow. */
    private static final long MAX_DECIMAL_EXP = 4933;
    private static final long MIN_DECIMAL_EXP = -4952;
    /** Redis's MAX_LONG_DOUBLE_CHARS buffer: inputs this long or longer are rejected. */
    private static final int MAX_INPUT = 5 * 1024;

    private static final BigInteger FIVE = BigInteger.valueOf(5);
    private static final BigInteger TEN = BigInteger.TEN;

    private final BigDecimal value;
    private final int infinity;

    private LongDouble(BigDecimal value, int infinity) {
        this.value = value;
        this.infinity = infinity;
    }

    public static final LongDouble ZERO = new LongDouble(BigDecimal.ZERO, 0);
    private static final LongDouble POSITIVE_INFINITY = new LongDouble(null, 1);
    private static final LongDouble NEGATIVE_INFINITY = new LongDouble(null, -1);

    /** A 64-bit integer, which the extended format always holds exactly. */
    public static LongDouble of(long v) {
        return new LongDouble(BigDecimal.valueOf(v), 0);
    }

    public boolean isFinite() {
        return infinity == 0;
    }

    /** The exact value; only for finite numbers. */
    public BigDecimal exact() {
        return value;
    }

    /** The correctly rounded extended-precision sum; infinite on overflow or when either operand is infinite. */
    public LongDouble plus(LongDouble o) {
        if (!isFinite() || !o.isFinite()) {
            return infinity != 0 ? this : o;
        }
        return rounded(value.add(o.value));
    }

    /**
     * Parses as Redis's {@code string2ld}; returns null when the text is not a valid long double.
     */
    public static LongDouble parse(byte[] s) {
        int n = s.length;
        if (n == 0 || n >= MAX_INPUT) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-' || s[0] == '+') {
            negative = s[0] == '-';
            i = 1;
        }
        int rest = n - i;
        if (rest == 3 && wordAt(s, i, "inf") || rest == 8 && wordAt(s, i, "infinity")) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        LongDouble v;
        if (rest > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && isHexDigitOrDot(s, i + 2)) {
            v = parseHex(s, i + 2);
        } else {
            v = parseDecimal(s, i);
        }
        if (v == null || !v.isFinite()) {
            return null;
        }
        return negative ? new LongDouble(v.value.negate(), 0) : v;
    }

    private static boolean isHexDigitOrDot(byte[] s, int i) {
        return hexValue(s[i]) >= 0 || s[i] == '.' && i + 1 < s.length && hexValue(s[i + 1]) >= 0;
    }

    private static LongDouble parseDecimal(byte[] s, int i) {
        int n = s.length;
        StringBuilder digits = new StringBuilder(n);
        long scale = 0;
        boolean any = false;
        while (i < n && isDigit(s[i])) {
            digits.append((char) s[i++]);
            any = true;
        }
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && isDigit(s[i])) {
                digits.append((char) s[i++]);
                scale++;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        if (i < n && (s[i] == 'e' || s[i] == 'E')) {
            int end = exponentEnd(s, i + 1);
            if (end > 0) {
                scale -= parseExponent(s, i + 1, end);
                i = end;
            }
        }
        if (i != n) {
            return null;
        }
        BigInteger unscaled = new BigInteger(digits.toString());
        if (unscaled.signum() == 0) {
            return ZERO;
        }
        long adjusted = unscaled.toString().length() - 1 - scale;
        if (adjusted > MAX_DECIMAL_EXP) {
            return POSITIVE_INFINITY;
        }
        if (adjusted < MIN_DECIMAL_EXP) {
            return null;
        }
        LongDouble r = rounded(new BigDecimal(unscaled, (int) scale));
        return r.isFinite() && r.value.signum() == 0 ? null : r;
    }

    private static LongDouble parseHex(byte[] s, int i) {
        int n = s.length;
        BigInteger mantissa = BigInteger.ZERO;
        long binaryExp = 0;
        while (i < n && hexValue(s[i]) >= 0) {
            mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(hexValue(s[i++])));
        }
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && hexValue(s[i]) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(hexValue(s[i++])));
                binaryExp -= 4;
            }
        }
        if (i < n && (s[i] == 'p' || s[i] == 'P')) {
            int end = exponentEnd(s, i + 1);
            if (end > 0) {
                binaryExp += parseExponent(s, i + 1, end);
                i = end;
            }
        }
        if (i != n) {
            return null;
        }
        if (mantissa.signum() == 0) {
            return ZERO;
        }
        long top = mantissa.bitLength() - 1 + binaryExp;
        if (top >= MAX_EXP_EXCLUSIVE) {
            return POSITIVE_INFINITY;
        }
        if (top < MIN_QUANTUM_EXP - 1) {
            return null;
        }
        LongDouble r = rounded(binary(mantissa, (int) binaryExp));
        return r.isFinite() && r.value.signum() == 0 ? null : r;
    }

    /** End of a well-formed exponent (optional sign, one digit or more) starting at {@code i}, or -1. */
    private static int exponentEnd(byte[] s, int i) {
        if (i < s.length && (s[i] == '-' || s[i] == '+')) {
            i++;
        }
        int start = i;
        while (i < s.length && isDigit(s[i])) {
            i++;
        }
        return i > start ? i : -1;
    }

    /** The exponent's value, saturated far beyond any representable range so that huge exponents stay harmless. */
    private static long parseExponent(byte[] s, int i, int end) {
        boolean negative = s[i] == '-';
        if (s[i] == '-' || s[i] == '+') {
            i++;
        }
        long v = 0;
        for (; i < end; i++) {
            v = Math.min(v * 10 + (s[i] - '0'), 1_000_000_000L);
        }
        return negative ? -v : v;
    }

    /**
     * Rounds an exact value to the nearest extended-precision number (ties to even), with gradual underflow and
     * overflow to infinity.
     */
    static LongDouble rounded(BigDecimal x) {
        int sign = x.signum();
        if (sign == 0) {
            return ZERO;
        }
        BigDecimal a = x.abs();
        BigInteger num;
        BigInteger den;
        if (a.scale() <= 0) {
            num = a.unscaledValue().multiply(TEN.pow(-a.scale()));
            den = BigInteger.ONE;
        } else {
            num = a.unscaledValue();
            den = TEN.pow(a.scale());
        }
        int e = num.bitLength() - den.bitLength();
        if (shiftCompare(num, den, e) < 0) {
            e--;
        }
        if (e >= MAX_EXP_EXCLUSIVE) {
            return sign > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
        }
        int q = Math.max(e - (PRECISION - 1), MIN_QUANTUM_EXP);
        BigInteger n = q < 0 ? num.shiftLeft(-q) : num;
        BigInteger d = q > 0 ? den.shiftLeft(q) : den;
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger m = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(d);
        if (half > 0 || half == 0 && m.testBit(0)) {
            m = m.add(BigInteger.ONE);
        }
        if (m.bitLength() + q > MAX_EXP_EXCLUSIVE) {
            return sign > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
        }
        BigDecimal r = binary(m, q);
        return new LongDouble(sign < 0 ? r.negate() : r, 0);
    }

    /** Compares num/den with 2^e. */
    private static int shiftCompare(BigInteger num, BigInteger den, int e) {
        return e >= 0 ? num.compareTo(den.shiftLeft(e)) : num.shiftLeft(-e).compareTo(den);
    }

    /** The exact decimal value of m * 2^q. */
    private static BigDecimal binary(BigInteger m, int q) {
        if (q >= 0) {
            return new BigDecimal(m.shiftLeft(q));
        }
        return new BigDecimal(m.multiply(FIVE.pow(-q)), -q);
    }

    /**
     * Redis's human-friendly form ({@code ld2string} with {@code LD_STR_HUMAN}): {@code "%.17Lf"}, trailing zeros
     * and a trailing point removed, {@code "-0"} shown as {@code "0"}; infinities as {@code inf}/{@code -inf}.
     */
    public byte[] toHumanBytes() {
        return toHumanString().getBytes(StandardCharsets.US_ASCII);
    }

    public String toHumanString() {
        if (!isFinite()) {
            return infinity > 0 ? "inf" : "-inf";
        }
        String s = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        s = s.substring(0, end);
        return s.equals("-0") ? "0" : s;
    }

    @Override
    public String toString() {
        return toHumanString();
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static boolean wordAt(byte[] s, int i, String word) {
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) (s[i + k] & 0xff)) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
