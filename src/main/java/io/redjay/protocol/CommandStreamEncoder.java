package io.redjay.protocol;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a propagated command stream as Redis writes it to the AOF and to replicas: each command as a RESP multibulk,
 * preceded by {@code SELECT <db>} whenever the command's database differs from the one the stream last selected.
 *
 * <p>Every stream keeps its own selected database (the AOF's starts unknown after a rewrite, a replica's after a full
 * sync), which is why this lives with the stream's writer rather than in the propagator: {@link #forgetDatabase} makes
 * the next command select again.
 */
public final class CommandStreamEncoder {
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);
    private int selectedDb = -1;

    /** Appends {@code argv} for database {@code db} to {@code out}. */
    public void encode(int db, byte[][] argv, ByteBuf out) {
        if (db != selectedDb) {
            byte[][] select = {SELECT, Integer.toString(db).getBytes(StandardCharsets.US_ASCII)};
            writeMultibulk(select, out);
            selectedDb = db;
        }
        writeMultibulk(argv, out);
    }

    /** The next command selects its database explicitly. */
    public void forgetDatabase() {
        selectedDb = -1;
    }

    public int selectedDb() {
        return selectedDb;
    }

    public static void writeMultibulk(byte[][] argv, ByteBuf out) {
        out.writeByte('*');
        writeDecimal(argv.length, out);
        out.writeBytes(Resp.CRLF);
        for (byte[] a : argv) {
            out.writeByte('$');
            writeDecimal(a.length, out);
            out.writeBytes(Resp.CRLF);
            out.writeBytes(a);
            out.writeBytes(Resp.CRLF);
        }
    }

    private static void writeDecimal(int v, ByteBuf out) {
        out.writeCharSequence(Integer.toString(v), StandardCharsets.US_ASCII);
    }
}
