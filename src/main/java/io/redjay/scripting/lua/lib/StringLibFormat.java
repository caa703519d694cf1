package io.redjay.scripting.lua.lib;

import io.redjay.scripting.lua.LuaError;
import io.redjay.scripting.lua.LuaState;
import io.redjay.scripting.lua.LuaString;
import io.redjay.types.CFormat;
import java.util.Locale;

/**
 * {@code string.format}, as Lua 5.1's {@code str_format} does it: the format is scanned byte by byte, and each
 * {@code %} item is checked as {@code scanformat} checks it (at most five flags from {@code "-+ #0"}, two digits of
 * width, two of precision) and then rendered as glibc's {@code sprintf} renders that C conversion. C Lua formats an
 * item into a C buffer and appends it with {@code strlen}, so an item holding a NUL byte ({@code %c} of 0, {@code %s}
 * of a string with a NUL) is cut there; that is reproduced, as is the one exception, a {@code %s} without precision
 * of a string of 100 bytes or more, which is appended whole.
 *
 * <p>The numeric conversions follow the C casts Lua applies: {@code %d} and {@code %i} take {@code (long)n},
 * {@code %o %u %x %X} take {@code (unsigned long)n}, {@code %c} takes {@code (int)n}, each with x86-64's result for
 * values out of range. {@code %s} takes a string or a number only (Lua 5.1 uses {@code luaL_checklstring} there, not
 * {@code tostring}), exactly as Redis's Lua answers "string expected, got table".
 */
final class StringLibFormat {
    private static final int DEFAULT_PRECISION = 6;

    private StringLibFormat() {
    }

    /** One scanned conversion: its flags, width and precision (-1 when absent). */
    private static final class Spec {
        boolean left;
        boolean plus;
        boolean space;
        boolean alt;
        boolean zero;
        int width;
        int precision;
    }

    // string.format(formatstring, ...)
    static Object[] format(LuaState L, Object[] args) {
        LuaString fmt = L.checkString(args, 0);
        byte[] f = fmt.bytes();
        int end = f.length;
        StringLibBuffer b = new StringLibBuffer(end + 16);
        Spec spec = new Spec();
        int arg = 0;
        int i = 0;
        while (i < end) {
            int c = f[i] & 0xff;
            if (c != '%') {
                b.add(c);
                i++;
                continue;
            }
            i++;
            if (at(f, i) == '%') {
                b.add('%');
                i++;
                continue;
            }
            if (++arg >= args.length) {
                throw L.argError(arg + 1, "no value");
            }
            i = scan(L, f, i, spec);
            int conversion = at(f, i++);
            switch (conversion) {
                case 'c' -> addChar(b, spec, toInt32(L.checkNumber(args, arg)));
                case 'd', 'i' -> addSigned(b, spec, StringLib.toInteger(L.checkNumber(args, arg)));
                case 'o', 'u', 'x', 'X' -> addUnsigned(b, spec, toUnsigned(L.checkNumber(args, arg)), conversion);
                case 'e', 'E', 'f', 'g', 'G' -> addFloat(b, spec, L.checkNumber(args, arg), conversion);
                case 'q' -> addQuoted(b, L.checkString(args, arg));
                case 's' -> addString(b, spec, L.checkString(args, arg));
                default -> throw invalidOption(L, conversion);
            }
        }
        return new Object[] {b.toLuaString()};
    }

    /** "invalid option '%y' to 'format'", the option as its raw byte (none for NUL, as C's {@code %c} in a message). */
    private static LuaError invalidOption(LuaState L, int conversion) {
        StringLibBuffer m = new StringLibBuffer(64);
        m.add(L.where(1) + "invalid option '%");
        if (conversion != 0) {
            m.add(conversion);
        }
        m.add("' to 'format'");
        return new LuaError(m.toLuaString());
    }

    /** The format byte at {@code i}, 0 past the end (C reads the string's terminating NUL there). */
    private static int at(byte[] f, int i) {
        return i < f.length ? f[i] & 0xff : 0;
    }

    /** {@code scanformat}: reads flags, width and precision into {@code spec}; returns where the conversion is. */
    private static int scan(LuaState L, byte[] f, int i, Spec spec) {
        spec.left = spec.plus = spec.space = spec.alt = spec.zero = false;
        spec.width = -1;
        spec.precision = -1;
        int start = i;
        for (int c = at(f, i); c == '-' || c == '+' || c == ' ' || c == '#' || c == '0'; c = at(f, ++i)) {
            switch (c) {
                case '-' -> spec.left = true;
                case '+' -> spec.plus = true;
                case ' ' -> spec.space = true;
                case '#' -> spec.alt = true;
                default -> spec.zero = true;
            }
        }
        if (i - start >= 6) {
            throw L.error("invalid format (repeated flags)");
        }
        if (LuaPattern.isDigit(at(f, i))) {
            spec.width = at(f, i++) - '0';
            if (LuaPattern.isDigit(at(f, i))) {
                spec.width = spec.width * 10 + at(f, i++) - '0';
            }
        }
        if (at(f, i) == '.') {
            i++;
            spec.precision = 0;
            if (LuaPattern.isDigit(at(f, i))) {
                spec.precision = at(f, i++) - '0';
                if (LuaPattern.isDigit(at(f, i))) {
                    spec.precision = spec.precision * 10 + at(f, i++) - '0';
                }
            }
        }
        if (LuaPattern.isDigit(at(f, i))) {
            throw L.error("invalid format (width or precision too long)");
        }
        return i;
    }

    /** A C cast of a double to a 32-bit int on x86-64 (INT_MIN when out of range or NaN). */
    private static int toInt32(double d) {
        if (d > -2147483649.0 && d < 2147483648.0) {
            return (int) d;
        }
        return Integer.MIN_VALUE;
    }

    /** A C cast of a double to unsigned long as gcc does it on x86-64 (negative values wrap, NaN and huge ones too). */
    private static long toUnsigned(double d) {
        if (d >= 0x1p63) {
            return StringLib.toInteger(d - 0x1p63) ^ Long.MIN_VALUE;
        }
        return StringLib.toInteger(d);
    }

    // %c
    private static void addChar(StringLibBuffer b, Spec spec, int c) {
        int item = b.size();
        if (!spec.left) {
            b.repeat(' ', spec.width - 1);
        }
        b.add(c & 0xff);
        if (spec.left) {
            b.repeat(' ', spec.width - 1);
        }
        cutAtNul(b, item);
    }

    // %d %i
    private static void addSigned(StringLibBuffer b, Spec spec, long v) {
        String digits = v < 0 ? Long.toUnsignedString(-v) : Long.toString(v);
        String sign = v < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        addInteger(b, spec, sign, digits, v == 0);
    }

    // %o %u %x %X
    private static void addUnsigned(StringLibBuffer b, Spec spec, long v, int conversion) {
        String digits = switch (conversion) {
            case 'o' -> Long.toOctalString(v);
            case 'u' -> Long.toUnsignedString(v);
            case 'x' -> Long.toHexString(v);
            default -> Long.toHexString(v).toUpperCase(Locale.ROOT);
        };
        String prefix = "";
        if (spec.alt && conversion == 'x' && v != 0) {
            prefix = "0x";
        } else if (spec.alt && conversion == 'X' && v != 0) {
            prefix = "0X";
        }
        boolean zeroPrintsNothing = v == 0;
        if (spec.alt && conversion == 'o') {
            zeroPrintsNothing = false; // '#' makes the first digit a 0, even for zero with precision 0
            if (digits.length() < spec.precision) {
                digits = "0".repeat(spec.precision - digits.length()) + digits;
            } else if (digits.charAt(0) != '0') {
                digits = "0" + digits;
            }
        }
        addInteger(b, spec, prefix, digits, zeroPrintsNothing);
    }

    /** An integer's digits after its sign or prefix, with C's precision (minimum digits) and padding rules. */
    private static void addInteger(StringLibBuffer b, Spec spec, String prefix, String digits,
            boolean zeroPrintsNothing) {
        int zeros = 0;
        if (spec.precision >= 0) {
            if (zeroPrintsNothing && spec.precision == 0) {
                digits = "";
            }
            zeros = Math.max(0, spec.precision - digits.length());
        } else if (spec.zero && !spec.left) {
            zeros = Math.max(0, spec.width - prefix.length() - digits.length());
        }
        int pad = spec.width - prefix.length() - zeros - digits.length();
        if (!spec.left) {
            b.repeat(' ', pad);
        }
        b.add(prefix);
        b.repeat('0', zeros);
        b.add(digits);
        if (spec.left) {
            b.repeat(' ', pad);
        }
    }

    // %e %E %f %g %G
    private static void addFloat(StringLibBuffer b, Spec spec, double d, int conversion) {
        int precision = spec.precision < 0 ? DEFAULT_PRECISION : spec.precision;
        String body = switch (conversion) {
            case 'e', 'E' -> CFormat.formatE(d, precision, conversion == 'E', spec.alt);
            case 'f' -> CFormat.formatF(d, precision);
            default -> CFormat.formatG(d, precision, conversion == 'G', spec.alt);
        };
        boolean finite = !Double.isNaN(d) && !Double.isInfinite(d);
        if (conversion == 'f' && spec.alt && precision == 0 && finite) {
            body = body + ".";
        }
        String sign = "";
        if (body.charAt(0) == '-') {
            sign = "-";
            body = body.substring(1);
        } else if (spec.plus) {
            sign = "+";
        } else if (spec.space) {
            sign = " ";
        }
        int pad = spec.width - sign.length() - body.length();
        if (spec.left) {
            b.add(sign);
            b.add(body);
            b.repeat(' ', pad);
        } else if (spec.zero && finite) {
            b.add(sign);
            b.repeat('0', pad);
            b.add(body);
        } else {
            b.repeat(' ', pad);
            b.add(sign);
            b.add(body);
        }
    }

    // %q
    private static void addQuoted(StringLibBuffer b, LuaString s) {
        b.add('"');
        byte[] bytes = s.bytes();
        for (byte c : bytes) {
            switch (c) {
                case '"', '\\', '\n' -> {
                    b.add('\\');
                    b.add(c);
                }
                case '\r' -> b.add("\\r");
                case 0 -> b.add("\\000");
                default -> b.add(c);
            }
        }
        b.add('"');
    }

    // %s
    private static void addString(StringLibBuffer b, Spec spec, LuaString s) {
        byte[] bytes = s.bytes();
        if (spec.precision < 0 && bytes.length >= 100) {
            b.add(bytes, 0, bytes.length);
            return;
        }
        int len = LuaPattern.cStringLength(bytes);
        if (spec.precision >= 0 && spec.precision < len) {
            len = spec.precision;
        }
        int pad = spec.width - len;
        if (!spec.left) {
            b.repeat(' ', pad);
        }
        b.add(bytes, 0, len);
        if (spec.left) {
            b.repeat(' ', pad);
        }
    }

    /** C appends an item with {@code strlen}: whatever follows a NUL in it is lost. */
    private static void cutAtNul(StringLibBuffer b, int from) {
        for (int i = from; i < b.size(); i++) {
            if (b.at(i) == 0) {
                b.truncate(i);
                return;
            }
        }
    }
}
