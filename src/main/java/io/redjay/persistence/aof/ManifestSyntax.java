package io.redjay.persistence.aof;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The C string routines Redis reads and writes manifest lines with ({@code sdscatrepr}, {@code sdsneedsrepr},
 * {@code sdstrim}, {@code atoll}; {@code sdssplitargs} is the protocol's {@link io.redjay.protocol.InlineSplitter}),
 * reproduced on bytes because a manifest Redjay accepts or
 * writes must be the one Redis would: the same quoting of odd file names, the same tokens out of the same line,
 * the same refusals. Character classes are those of the C locale Redis runs its ctype calls in.
 */
final class ManifestSyntax {
    private ManifestSyntax() {
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    static boolean isPrint(int c) {
        return c >= 0x20 && c <= 0x7e;
    }

    /** The bytes before the first NUL: what C code sees of a buffer. */
    static byte[] cString(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return Arrays.copyOf(b, i);
            }
        }
        return b;
    }

    /** {@code sdstrim(s, " \t\r\n")}. */
    static byte[] trim(byte[] s) {
        int start = 0;
        int end = s.length;
        while (start < end && isTrimmed(s[start])) {
            start++;
        }
        while (end > start && isTrimmed(s[end - 1])) {
            end--;
        }
        return Arrays.copyOfRange(s, start, end);
    }

    private static boolean isTrimmed(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** {@code sdsneedsrepr}: whether a name must be quoted to survive {@code sdssplitargs} ({@link io.redjay.protocol.InlineSplitter}). */
    static boolean needsRepr(byte[] s) {
        for (byte b : s) {
            int c = b & 0xff;
            if (c == '\\' || c == '"' || !isPrint(c) || isSpace(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code sdscatrepr}: the double-quoted form, with C escapes and {@code \xhh} for other unprintable bytes. */
    static byte[] repr(byte[] s) {
        StringBuilder sb = new StringBuilder(s.length + 2).append('"');
        for (byte b : s) {
            int c = b & 0xff;
            switch (c) {
                case '\\', '"' -> sb.append('\\').append((char) c);
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 0x07 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (isPrint(c)) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** glibc {@code atoll}: blanks, a sign, digits up to the first other byte; saturates on overflow. */
    static long atoll(byte[] s) {
        return atoll(s, 0);
    }

    /** {@code atoll(s + from)}; a NUL stops it like any other non-digit, so no C-string copy is needed. */
    static long atoll(byte[] s, int from) {
        int p = from;
        while (p < s.length && isSpace(s[p])) {
            p++;
        }
        boolean negative = false;
        if (p < s.length && (s[p] == '+' || s[p] == '-')) {
            negative = s[p] == '-';
            p++;
        }
        long value = 0;
        for (; p < s.length && s[p] >= '0' && s[p] <= '9'; p++) {
            int digit = s[p] - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    /** {@code strcasecmp} against an ASCII keyword, on what C sees of {@code s}. */
    static boolean equalsIgnoreCase(byte[] s, String keyword) {
        byte[] c = cString(s);
        if (c.length != keyword.length()) {
            return false;
        }
        for (int i = 0; i < c.length; i++) {
            int ch = c[i] & 0xff;
            if ((ch >= 'A' && ch <= 'Z' ? ch + 32 : ch) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
