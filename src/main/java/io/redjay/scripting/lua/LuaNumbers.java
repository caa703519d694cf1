package io.redjay.scripting.lua;

import io.redjay.types.CFormat;

/**
 * Numbers as C Lua 5.1 writes and reads them: {@code tostring} and concatenation use {@code printf("%.14g")}
 * ({@code LUAI_NUMFFORMAT}), and a string converts to a number as {@code luaO_str2d} converts it ({@code strtod},
 * or a hexadecimal integer after {@code 0x}, surrounded by optional white space). The C formatting itself is
 * {@link CFormat}'s, shared with the server's own replies.
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
        return CFormat.formatG(d, 14, false, false);
    }

    public static LuaString toLuaString(double d) {
        return LuaString.of(toString(d));
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
