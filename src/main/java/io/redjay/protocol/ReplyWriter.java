package io.redjay.protocol;

import io.netty.buffer.ByteBuf;
import io.redjay.types.Numbers;

/**
 * Encodes replies straight into a connection's outgoing buffer, in RESP2 or RESP3 depending on what the client asked
 * for with HELLO. Commands speak in RESP3 terms (map, set, double, null, boolean); in RESP2 they degrade exactly as
 * Redis degrades them (maps become flat arrays, doubles become bulk strings, booleans integers).
 *
 * <p>The writer holds no state but the target buffer and the protocol version, so one instance per connection is
 * reused for every reply; the buffer is swapped in by the connection at the start of each read batch.
 *
 * <p><b>Large values.</b> A whole stored value of {@link #WRAP_BYTES} or more is not copied into the reply buffer:
 * its header is written, then the buffer and the value are handed to the connection's {@link LargeValues}, which
 * queues both (the value wrapped, not copied) and returns a fresh buffer for the rest of the reply. Twenty-one GETs of
 * a 100 MB value then cost twenty-one small wrappers instead of 2.1 GB of copying into one buffer that cannot even
 * hold it. Only {@link #bulk(byte[])} wraps: it is given whole arrays that nothing mutates in place (string values,
 * keys, fields and members are replaced, never written into), while the slice form {@link #bulk(byte[], int, int)}
 * is used for elements inside packed encodings, whose backing array later commands shift in place, so it always
 * copies. 64 KB is where copying starts to cost more than the wrapper and the extra buffer it takes: below it a value
 * is a few microseconds of memcpy into a pooled buffer that goes out in the same write as its neighbours; above it the
 * copy grows the reply buffer past the pooled sizes and doubles the memory the reply holds.
 */
public final class ReplyWriter {
    /** Values at least this long are queued as they are stored rather than copied into the reply buffer. */
    public static final int WRAP_BYTES = 64 * 1024;

    /** Takes over a large value for the connection the writer serves. */
    public interface LargeValues {
        /**
         * Queues {@code written} (everything written so far, ending with the value's bulk header) and then
         * {@code value} uncopied; returns the buffer the writer continues in, which may be {@code written} itself
         * when the connection chose to copy the value in instead.
         */
        ByteBuf queue(ByteBuf written, byte[] value);
    }

    private ByteBuf out;
    private LargeValues largeValues;
    private int protocol = 2;
    private long errorsWritten;
    private String lastErrorPrefix;
    private String lastError;

    public void target(ByteBuf buffer) {
        this.out = buffer;
    }

    /** Where values of {@link #WRAP_BYTES} or more go; without one they are copied like any other. */
    public void largeValues(LargeValues sink) {
        this.largeValues = sink;
    }

    public ByteBuf target() {
        return out;
    }

    public int protocol() {
        return protocol;
    }

    public void protocol(int version) {
        this.protocol = version;
    }

    public boolean resp3() {
        return protocol >= 3;
    }

    public void raw(byte[] bytes) {
        out.writeBytes(bytes);
    }

    public void ok() {
        out.writeBytes(Resp.OK);
    }

    public void simple(String s) {
        out.writeByte('+');
        writeAscii(s);
        out.writeBytes(Resp.CRLF);
    }

    /** Writes {@code -<message>}; the message carries its own code ({@code ERR ...}, {@code WRONGTYPE ...}). */
    public void error(String message) {
        errorsWritten++;
        lastError = message;
        int space = message.indexOf(' ');
        lastErrorPrefix = space < 0 ? message : message.substring(0, space);
        out.writeByte('-');
        writeAscii(message);
        out.writeBytes(Resp.CRLF);
    }

    /**
     * An error reply that was already counted where it arose: a script returning the error a command it called
     * replied, which Redis counts once, for the command.
     */
    public void errorUncounted(String message) {
        uncountedErrors++;
        out.writeByte('-');
        writeAscii(message);
        out.writeBytes(Resp.CRLF);
    }

    /** The last error reply's message (a replica logs its master's command failing with it). */
    public String lastError() {
        return lastError;
    }

    /** How many errors went out through {@link #errorUncounted}: they fail their command but count nowhere else. */
    public long uncountedErrors() {
        return uncountedErrors;
    }

    private long uncountedErrors;

    /** How many error replies this writer has sent, and the code of the last one: for errorstats. */
    public long errorsWritten() {
        return errorsWritten;
    }

    public String lastErrorPrefix() {
        return lastErrorPrefix;
    }

    public void integer(long v) {
        if (v >= 0 && v < Resp.SHARED) {
            out.writeBytes(Resp.INTEGERS[(int) v]);
            return;
        }
        out.writeByte(':');
        writeLong(v);
        out.writeBytes(Resp.CRLF);
    }

    public void bulk(byte[] value) {
        if (value.length < WRAP_BYTES || largeValues == null) {
            bulk(value, 0, value.length);
            return;
        }
        out.writeByte('$');
        writeLong(value.length);
        out.writeBytes(Resp.CRLF);
        out = largeValues.queue(out, value);
        out.writeBytes(Resp.CRLF);
    }

    public void bulk(byte[] value, int offset, int length) {
        if (length < Resp.SHARED) {
            out.writeBytes(Resp.BULK_HEADERS[length]);
        } else {
            out.writeByte('$');
            writeLong(length);
            out.writeBytes(Resp.CRLF);
        }
        out.writeBytes(value, offset, length);
        out.writeBytes(Resp.CRLF);
    }

    public void bulkOrNull(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            bulk(value);
        }
    }

    public void bulk(String s) {
        bulk(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A long as a bulk string, as Redis replies for INCRBYFLOAT-like commands that return numbers as strings. */
    public void bulkLong(long v) {
        bulk(Numbers.longToBytes(v));
    }

    public void nullBulk() {
        out.writeBytes(protocol >= 3 ? Resp.NULL3 : Resp.NULL_BULK);
    }

    public void nullArray() {
        out.writeBytes(protocol >= 3 ? Resp.NULL3 : Resp.NULL_ARRAY);
    }

    public void array(int n) {
        header(Resp.ARRAY_HEADERS, '*', n);
    }

    /** A map of n pairs: {@code %n} in RESP3, an array of 2n elements in RESP2. */
    public void map(int n) {
        if (protocol >= 3) {
            header(Resp.MAP_HEADERS, '%', n);
        } else {
            array(n * 2);
        }
    }

    /** A set of n elements: {@code ~n} in RESP3, an array in RESP2. */
    public void set(int n) {
        if (protocol >= 3) {
            header(Resp.SET_HEADERS, '~', n);
        } else {
            array(n);
        }
    }

    /** A push message header: {@code >n} in RESP3, an array in RESP2 (pub/sub messages). */
    public void push(int n) {
        if (protocol >= 3) {
            out.writeByte('>');
            writeLong(n);
            out.writeBytes(Resp.CRLF);
        } else {
            array(n);
        }
    }

    /**
     * A double: {@code ,d} in RESP3, a bulk string in RESP2, formatted as Redis's {@code addReplyDouble} does: C's
     * {@code %.17g} (so 1e18 is {@code 1e+18}, unlike {@link Numbers#doubleToBytes}, which prints integral values in
     * full), and {@code inf}/{@code -inf}.
     */
    public void doubleValue(double d) {
        byte[] text = formatReplyDouble(d);
        if (protocol >= 3) {
            out.writeByte(',');
            out.writeBytes(text);
            out.writeBytes(Resp.CRLF);
        } else {
            bulk(text);
        }
    }

    /** A double given already formatted (INCRBYFLOAT keeps its own long double formatting). */
    public void doubleText(byte[] text) {
        if (protocol >= 3) {
            out.writeByte(',');
            out.writeBytes(text);
            out.writeBytes(Resp.CRLF);
        } else {
            bulk(text);
        }
    }

    /** C's {@code %.17g}; integral values below 1e17 have at most 17 digits, which %.17g prints as an integer. */
    static byte[] formatReplyDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
            return Numbers.doubleToBytes(d);
        }
        if (Math.abs(d) < 1e17 && d == Math.rint(d)) {
            return Numbers.longToBytes((long) d);
        }
        return Resp.ascii(Numbers.formatG(d, 17));
    }

    public void bool(boolean b) {
        if (protocol >= 3) {
            out.writeBytes(b ? Resp.TRUE3 : Resp.FALSE3);
        } else {
            integer(b ? 1 : 0);
        }
    }

    public void bigNumber(String digits) {
        if (protocol >= 3) {
            out.writeByte('(');
            writeAscii(digits);
            out.writeBytes(Resp.CRLF);
        } else {
            bulk(Resp.ascii(digits));
        }
    }

    /** Verbatim text ({@code =len\r\ntxt:...}) in RESP3, a bulk string in RESP2 (INFO, CLIENT LIST, ...). */
    public void verbatim(String format, byte[] text) {
        if (protocol >= 3) {
            out.writeByte('=');
            writeLong(text.length + 4);
            out.writeBytes(Resp.CRLF);
            writeAscii(format);
            out.writeByte(':');
            out.writeBytes(text);
            out.writeBytes(Resp.CRLF);
        } else {
            bulk(text);
        }
    }

    public void emptyArray() {
        out.writeBytes(Resp.EMPTY_ARRAY);
    }

    private void header(byte[][] table, char prefix, int n) {
        if (n >= 0 && n < Resp.SHARED) {
            out.writeBytes(table[n]);
        } else {
            out.writeByte(prefix);
            writeLong(n);
            out.writeBytes(Resp.CRLF);
        }
    }

    private void writeAscii(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            out.writeByte(c == '\r' || c == '\n' ? ' ' : c);
        }
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        if (v < 10) {
            out.writeByte((int) ('0' + v));
            return;
        }
        int digits = Numbers.digits(v);
        int end = out.writerIndex() + digits;
        out.ensureWritable(digits);
        int pos = end;
        while (v > 0) {
            out.setByte(--pos, (int) ('0' + v % 10));
            v /= 10;
        }
        out.writerIndex(end);
    }
}
