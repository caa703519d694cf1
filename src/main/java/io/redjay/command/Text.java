package io.redjay.command;

import java.nio.charset.StandardCharsets;

/**
 * Byte-to-text helpers for error messages and introspection output. User bytes are carried as ISO-8859-1 so that
 * writing the message back produces the very bytes the user sent, as Redis's {@code %s} does.
 */
public final class Text {
    private Text() {
    }

    public static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** At most {@code max} bytes of {@code b}, stopping at a NUL as C's {@code %.*s} would. */
    public static String latin1(byte[] b, int max) {
        int n = Math.min(b.length, max);
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                n = i;
                break;
            }
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    public static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Quotes like Redis's {@code sdscatrepr}: printable bytes as-is, escapes for quotes and controls. */
    public static String escapeForMonitor(byte[] b) {
        return io.redjay.protocol.Repr.escape(b);
    }

    /** Case-insensitive comparison of an argument with an ASCII keyword, without allocating. */
    public static boolean is(byte[] arg, String keyword) {
        return CommandTable.equalsFolded(keyword, arg);
    }
}
