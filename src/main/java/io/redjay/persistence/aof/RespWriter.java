package io.redjay.persistence.aof;

import io.redjay.persistence.rdb.RdbOutput;
import io.redjay.types.ZSetValue;

import java.nio.charset.StandardCharsets;

/**
 * Appends the pieces of RESP multibulk commands to a snapshot buffer, the form an AOF holds its commands in:
 * {@code *<count>\r\n} before a command, {@code $<length>\r\n<bytes>\r\n} per argument.
 *
 * <p>Numbers are written as Redis's rio does: an integer in plain decimal ({@code ll2string}), a score as
 * {@code %.17g} ({@code rioWriteBulkDouble}, which differs from the shortest form a reply uses). A rewrite writes
 * millions of these lengths and integers, so the digits go through a scratch array rather than a String each.
 */
final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};

    private final byte[] digits = new byte[20];

    /** {@code *<count>\r\n}: a command of {@code count} arguments follows. */
    void arrayHeader(RdbOutput out, long count) {
        out.write('*');
        decimal(out, count);
        out.write(CRLF, 0, 2);
    }

    void bulk(RdbOutput out, byte[] b) {
        bulk(out, b, 0, b.length);
    }

    void bulk(RdbOutput out, byte[] b, int off, int len) {
        out.write('$');
        decimal(out, len);
        out.write(CRLF, 0, 2);
        out.write(b, off, len);
        out.write(CRLF, 0, 2);
    }

    /** An integer argument, as its decimal text (at most 20 characters, so its length is written by hand). */
    void bulk(RdbOutput out, long v) {
        int n = digits(v);
        out.write('$');
        if (n >= 10) {
            out.write('0' + n / 10);
        }
        out.write('0' + n % 10);
        out.write(CRLF, 0, 2);
        out.write(digits, digits.length - n, n);
        out.write(CRLF, 0, 2);
    }

    /** A score argument, as {@code %.17g} prints it ({@code inf}, {@code -inf} and {@code -0} included). */
    void bulkScore(RdbOutput out, double d) {
        byte[] text = ZSetValue.formatG17(d).getBytes(StandardCharsets.US_ASCII);
        bulk(out, text, 0, text.length);
    }

    private void decimal(RdbOutput out, long v) {
        int n = digits(v);
        out.write(digits, digits.length - n, n);
    }

    /** Puts the decimal text of {@code v} at the end of the scratch array; returns its length. */
    private int digits(long v) {
        int pos = digits.length;
        long rest = v < 0 ? v : -v;
        do {
            digits[--pos] = (byte) ('0' - rest % 10);
            rest /= 10;
        } while (rest != 0);
        if (v < 0) {
            digits[--pos] = '-';
        }
        return digits.length - pos;
    }
}
