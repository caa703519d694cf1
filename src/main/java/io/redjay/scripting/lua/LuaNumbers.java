package io.redjay.scripting.lua;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as C Lua 5.1 writes and reads them: {@code tostring} and concatenation use {@code printf("%.14g")}
 * ({@code LUAI_NUMFFORMAT}), and a string converts to a number as {@code luaO_str2d} converts it ({@code strtod},
 * or a hexadecimal integer after {@code 0x}, surrounded by optional white space). C's {@code %g} is rebuilt here
 * because Java's {@code %g} differs (it never strips trailing zeros and never switches to plain notation the same
 * way); {@link #formatG} is shared with {@code string.format}.
 */
public final class LuaNumbers {
    private LuaNumbers() {
    }

    /** {@code tostring(d)}: {@code %.14g}. */
    public static String toString(double d) {
        long l = (long) d;
        if (l == d && l > -100000000000000L && l < 100000000000000L) {
            if (l == 0 && 1 / d < 0) {
                return "-0";
            }
            return Long.toString(l); // exact and short: the common case
        }
        return formatG(d, 14, false, false);
    }

    public static LuaString toLuaString(double d) {
        return LuaString.of(toString(d));
    }

    /**
     * C's {@code %.<precision>g} (upper case letters with {@code upper}, keeping trailing zeros with {@code alt},
     * the {@code #} flag). Infinity and NaN as glibc prints them: {@code inf}, {@code -inf}, {@code nan}, {@code -nan}.
     */
    public static String formatG(double d, int precision, boolean upper, boolean alt) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String s = Double.isNaN(d) ? "nan" : "inf";
            if (Double.isNaN(d) ? (Double.doubleToRawLongBits(d) < 0) : d < 0) {
                s = "-" + s;
            }
            return upper ? s.toUpperCase() : s;
        }
        int p = precision == 0 ? 1 : precision;
        if (d == 0) {
            String zero = alt ? "0." + "0".repeat(p - 1) : "0";
            return (1 / d < 0 ? "-" : "") + zero;
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exp = rounded.precision() - rounded.scale() - 1; // decimal exponent of the rounded value
        String out;
        if (exp < -4 || exp >= p) {
            out = formatE(d, p - 1, upper, alt);
            if (!alt) {
                int e = out.indexOf(upper ? 'E' : 'e');
                out = stripZeros(out.substring(0, e)) + out.substring(e);
            }
        } else {
            out = rounded.setScale(Math.max(0, p - 1 - exp), RoundingMode.HALF_EVEN).toPlainString();
            if (alt) {
                if (out.indexOf('.') < 0) {
                    out = out + ".";
                }
            } else {
                out = stripZeros(out);
            }
        }
        return out;
    }

    /** C's {@code %.<decimals>e}: one digit, the decimals, and an exponent of at least two digits. */
    public static String formatE(double d, int decimals, boolean upper, boolean alt) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return formatG(d, 1, upper, false);
        }
        String mantissa;
        int exp;
        if (d == 0) {
            mantissa = decimals == 0 ? "0" : "0." + "0".repeat(decimals);
            exp = 0;
            if (1 / d < 0) {
                mantissa = "-" + mantissa;
            }
        } else {
            BigDecimal r = new BigDecimal(d).round(new MathContext(decimals + 1, RoundingMode.HALF_EVEN));
            exp = r.precision() - r.scale() - 1;
            BigDecimal m = r.movePointLeft(exp).setScale(decimals, RoundingMode.HALF_EVEN);
            mantissa = m.toPlainString();
        }
        if (alt && decimals == 0) {
            mantissa = mantissa + ".";
        }
        String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        return mantissa + (upper ? "E" : "e") + e;
    }

    /** C's {@code %.<decimals>f}. */
    public static String formatF(double d, int decimals) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return formatG(d, 1, false, false);
        }
        String s = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        if (d < 0 || (d == 0 && 1 / d < 0)) {
            if (!s.startsWith("-")) {
                s = "-" + s;
            }
        }
        return s;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * {@code luaO_str2d}: the number a string spells, or null. Leading and trailing white space is allowed; the body
     * is a decimal number as {@code strtod} reads it (including {@code inf}, {@code nan}, hexadecimal floats are not
     * in C89 Lua) or {@code 0x} followed by hexadecimal digits.
     */
    public static Double parse(LuaString s) {
        byte[] b = s.bytes();
        int from = 0;
        int to = b.length;
        while (from < to && isSpace(b[from])) {
            from++;
        }
        while (to > from && isSpace(b[to - 1])) {
            to--;
        }
        if (from == to) {
            return null;
        }
        int i = from;
        boolean neg = false;
        if (b[i] == '-' || b[i] == '+') {
            neg = b[i] == '-';
            i++;
        }
        if (to - i > 2 && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            double v = 0;
            for (int j = i + 2; j < to; j++) {
                int digit = Character.digit(b[j], 16);
                if (digit < 0) {
                    return null;
                }
                v = v * 16 + digit;
            }
            return neg ? -v : v;
        }
        return parseDecimal(b, from, to);
    }

    private static Double parseDecimal(byte[] b, int from, int to) {
        int i = from;
        if (b[i] == '-' || b[i] == '+') {
            i++;
        }
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
            digits++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            String word = new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .toLowerCase(java.util.Locale.ROOT);
            String body = word.startsWith("-") || word.startsWith("+") ? word.substring(1) : word;
            if (body.equals("inf") || body.equals("infinity")) {
                return word.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (body.equals("nan")) {
                return Double.NaN;
            }
            return null;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            int j = i + 1;
            if (j < to && (b[j] == '-' || b[j] == '+')) {
                j++;
            }
            int expDigits = 0;
            while (j < to && b[j] >= '0' && b[j] <= '9') {
                j++;
                expDigits++;
            }
            if (expDigits == 0) {
                return null;
            }
            i = j;
        }
        if (i != to) {
            return null;
        }
        return Double.parseDouble(new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    /** A value as a number the way arithmetic coerces it (a number, or a string that spells one), else null. */
    public static Double coerce(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof LuaString s) {
            return parse(s);
        }
        return null;
    }
}
