package io.redjay.protocol;

/**
 * Case-insensitive matching of a request's argument bytes against an ASCII keyword, without decoding them into a
 * String: command names, subcommands and options are compared this way on every request (and a replica does it for
 * each command of its master's stream).
 */
public final class Ascii {
    private Ascii() {
    }

    /** Whether {@code bytes} spell {@code keyword}, ignoring ASCII case. */
    public static boolean equalsIgnoreCase(String keyword, byte[] bytes) {
        int n = keyword.length();
        if (n != bytes.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int ch = bytes[i];
            if (ch >= 'A' && ch <= 'Z') {
                ch += 32;
            }
            int k = keyword.charAt(i);
            if (k >= 'A' && k <= 'Z') {
                k += 32;
            }
            if (ch != k) {
                return false;
            }
        }
        return true;
    }
}
