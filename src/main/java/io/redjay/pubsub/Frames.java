package io.redjay.pubsub;

import io.netty.buffer.ByteBuf;
import io.redjay.protocol.ReplyWriter;

import java.nio.charset.StandardCharsets;

/**
 * Encodes published messages once per PUBLISH instead of once per receiver. A message is the same bytes for every
 * subscriber except the first one: {@code *} (an array) for RESP2 clients and {@code >} (a push) for RESP3 clients,
 * so the frame is built in its RESP2 form and written with the leading byte swapped where needed.
 */
final class Frames {
    static final byte[] MESSAGE = ascii("message");
    static final byte[] PMESSAGE = ascii("pmessage");
    static final byte[] SMESSAGE = ascii("smessage");
    static final byte[] SUBSCRIBE = ascii("subscribe");
    static final byte[] UNSUBSCRIBE = ascii("unsubscribe");
    static final byte[] PSUBSCRIBE = ascii("psubscribe");
    static final byte[] PUNSUBSCRIBE = ascii("punsubscribe");
    static final byte[] SSUBSCRIBE = ascii("ssubscribe");
    static final byte[] SUNSUBSCRIBE = ascii("sunsubscribe");

    private Frames() {
    }

    /** {@code [kind, parts...]} as a RESP2 array of bulk strings. */
    static byte[] encode(byte[] kind, byte[]... parts) {
        int size = 4 + bulkSize(kind);
        for (byte[] p : parts) {
            size += bulkSize(p);
        }
        byte[] out = new byte[size];
        int i = 0;
        out[i++] = '*';
        out[i++] = (byte) ('0' + parts.length + 1);
        out[i++] = '\r';
        out[i++] = '\n';
        i = putBulk(out, i, kind);
        for (byte[] p : parts) {
            i = putBulk(out, i, p);
        }
        return out;
    }

    /** Writes an encoded frame as an array (RESP2) or a push (RESP3). */
    static void write(ReplyWriter w, byte[] frame) {
        ByteBuf out = w.target();
        if (w.resp3()) {
            out.writeByte('>');
            out.writeBytes(frame, 1, frame.length - 1);
        } else {
            out.writeBytes(frame);
        }
    }

    /** A (un)subscribe confirmation: kind, the channel (null after an UNSUBSCRIBE of nothing) and the count. */
    static void confirm(ReplyWriter w, byte[] kind, byte[] channel, long count) {
        w.push(3);
        w.bulk(kind);
        if (channel == null) {
            w.nullBulk();
        } else {
            w.bulk(channel);
        }
        w.integer(count);
    }

    private static int bulkSize(byte[] b) {
        return 1 + digits(b.length) + 2 + b.length + 2;
    }

    private static int putBulk(byte[] out, int i, byte[] b) {
        out[i++] = '$';
        byte[] len = Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(len, 0, out, i, len.length);
        i += len.length;
        out[i++] = '\r';
        out[i++] = '\n';
        System.arraycopy(b, 0, out, i, b.length);
        i += b.length;
        out[i++] = '\r';
        out[i++] = '\n';
        return i;
    }

    private static int digits(int n) {
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
