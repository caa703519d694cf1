package io.redjay.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Pre-encoded constant replies and the small lookup tables the reply writer uses so that common replies are a single
 * memory copy: {@code +OK}, {@code :0}..{@code :1023}, the {@code $n}/{@code *n} headers for short lengths.
 */
public final class Resp {
    private Resp() {
    }

    public static final byte[] OK = ascii("+OK\r\n");
    public static final byte[] PONG = ascii("+PONG\r\n");
    public static final byte[] QUEUED = ascii("+QUEUED\r\n");
    public static final byte[] CRLF = ascii("\r\n");
    public static final byte[] NULL_BULK = ascii("$-1\r\n");
    public static final byte[] NULL_ARRAY = ascii("*-1\r\n");
    public static final byte[] NULL3 = ascii("_\r\n");
    public static final byte[] EMPTY_ARRAY = ascii("*0\r\n");
    public static final byte[] EMPTY_BULK = ascii("$0\r\n\r\n");
    public static final byte[] TRUE3 = ascii("#t\r\n");
    public static final byte[] FALSE3 = ascii("#f\r\n");

    static final int SHARED = 1024;
    static final byte[][] INTEGERS = table(':');
    static final byte[][] BULK_HEADERS = table('$');
    static final byte[][] ARRAY_HEADERS = table('*');
    static final byte[][] MAP_HEADERS = table('%');
    static final byte[][] SET_HEADERS = table('~');

    private static byte[][] table(char prefix) {
        byte[][] t = new byte[SHARED][];
        for (int i = 0; i < SHARED; i++) {
            t[i] = ascii(prefix + Integer.toString(i) + "\r\n");
        }
        return t;
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The size of {@code argv} as a RESP multibulk request: what it took in the query buffer. */
    public static long requestBytes(byte[][] argv) {
        long n = 1 + io.redjay.types.Numbers.digits(argv.length) + 2;
        for (byte[] a : argv) {
            n += 1 + io.redjay.types.Numbers.digits(a.length) + 2 + a.length + 2;
        }
        return n;
    }
}
