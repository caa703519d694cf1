package io.redjay.command;

import io.redjay.client.Client;
import io.redjay.keyspace.Glob;
import io.redjay.keyspace.KeyEntry;
import io.redjay.types.Numbers;

import java.util.List;

/**
 * The options SCAN, SSCAN, HSCAN and ZSCAN share ({@code MATCH pattern}, {@code COUNT count}, and SCAN's
 * {@code TYPE type}), parsed once with Redis's rules: COUNT must be an integer (else "not an integer") of at least 1
 * (else a syntax error), a lone {@code *} pattern matches everything, anything else is a syntax error. Also the reply
 * shape they share: the next cursor as a bulk string, then the elements.
 */
public final class ScanOptions {
    private static final long ULONG_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final long ULONG_MAX_MOD_10 = Long.remainderUnsigned(-1L, 10);
    public static final String INVALID_CURSOR = "ERR invalid cursor";

    public final long cursor;
    public final long count;
    public final byte[] pattern;
    public final byte[] type;
    /** The scanned key's entry (SSCAN, HSCAN, ZSCAN); null for SCAN. */
    public final KeyEntry entry;

    private ScanOptions(long cursor, long count, byte[] pattern, byte[] type, KeyEntry entry) {
        this.cursor = cursor;
        this.count = count;
        this.pattern = pattern;
        this.type = type;
        this.entry = entry;
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]; null after replying the error. */
    public static ScanOptions forKeyspace(Client c, byte[][] argv) {
        long cursor;
        try {
            cursor = parseCursor(argv[1]);
        } catch (NumberFormatException ex) {
            c.reply().error(INVALID_CURSOR);
            return null;
        }
        return parse(c, argv, 2, true, cursor, null);
    }

    /**
     * SSCAN/HSCAN/ZSCAN key cursor [MATCH pattern] [COUNT count], checked in Redis's order: the cursor, then the key
     * (a missing key replies an empty scan, another type WRONGTYPE), then the options. Null when a reply was given.
     */
    public static ScanOptions forKey(Client c, byte[][] argv, Class<?> valueType) {
        long cursor;
        try {
            cursor = parseCursor(argv[2]);
        } catch (NumberFormatException ex) {
            c.reply().error(INVALID_CURSOR);
            return null;
        }
        KeyEntry e = c.db().lookup(argv[1]);
        if (e == null) {
            reply(c, 0, List.of());
            return null;
        }
        CommandContext.checked(e.value(), valueType);
        return parse(c, argv, 3, false, cursor, e);
    }

    private static ScanOptions parse(Client c, byte[][] argv, int from, boolean allowType, long cursor,
                                     KeyEntry entry) {
        long count = 10;
        byte[] pattern = null;
        byte[] type = null;
        for (int i = from; i < argv.length; i++) {
            boolean hasValue = i + 1 < argv.length;
            if (hasValue && Text.is(argv[i], "count")) {
                byte[] n = argv[++i];
                if (!Numbers.isValidLong(n)) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return null;
                }
                count = Numbers.parseLong(n);
                if (count < 1) {
                    c.reply().error(Errors.SYNTAX);
                    return null;
                }
            } else if (hasValue && Text.is(argv[i], "match")) {
                pattern = argv[++i];
                if (pattern.length == 1 && pattern[0] == '*') {
                    pattern = null;
                }
            } else if (allowType && hasValue && Text.is(argv[i], "type")) {
                type = argv[++i];
            } else {
                c.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        return new ScanOptions(cursor, count, pattern, type, entry);
    }

    public boolean matches(byte[] element) {
        return pattern == null || Glob.match(pattern, element, false);
    }

    public boolean matches(byte[] b, int offset, int length) {
        return pattern == null || Glob.match(pattern, 0, pattern.length, b, offset, offset + length, false);
    }

    /** The reply of every SCAN form: [cursor, [elements...]]. */
    public static void reply(Client c, long nextCursor, List<byte[]> elements) {
        c.reply().array(2);
        c.reply().bulk(Text.bytes(Long.toUnsignedString(nextCursor)));
        c.reply().array(elements.size());
        for (byte[] b : elements) {
            c.reply().bulk(b);
        }
    }

    /**
     * Parses a cursor as C's {@code strtoul} in base 10 with Redis's extra checks, returning the unsigned 64-bit
     * value in a long: an optional sign (a minus negates modulo 2^64), no leading blank, no overflow, nothing after
     * the digits (the text ends at a NUL byte, as the C string does); an empty string is cursor 0.
     *
     * @throws NumberFormatException when Redis would answer "invalid cursor"
     */
    public static long parseCursor(byte[] s) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end == 0) {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '+' || s[0] == '-') {
            negative = s[0] == '-';
            i = 1;
        }
        if (i == end) {
            throw new NumberFormatException();
        }
        long v = 0;
        for (; i < end; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                throw new NumberFormatException();
            }
            int cmp = Long.compareUnsigned(v, ULONG_MAX_DIV_10);
            if (cmp > 0 || (cmp == 0 && d > ULONG_MAX_MOD_10)) {
                throw new NumberFormatException();
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }
}
