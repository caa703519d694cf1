package io.redjay.persistence.rdb;

import io.redjay.types.HashValue;
import io.redjay.types.ListValue;
import io.redjay.types.SetValue;
import io.redjay.types.ZSetValue;

import java.nio.charset.StandardCharsets;

/**
 * Writes Redjay's data in Redis 7.0's RDB format (version 10), byte for byte as Redis 7.0.15 would write the same
 * values in the same encodings: the file framing (header, AUX fields, database selectors, per-key metadata, EOF) and
 * the value encodings, plus the DUMP payload that shares them.
 *
 * <p><b>Shape.</b> Everything appends to an {@link RdbOutput} the caller owns, so a snapshot can be encoded one key
 * at a time on the executor thread and written to disk elsewhere. An encoder keeps its scratch (the listpack being
 * converted, the LZF output) between calls, so it is not thread-safe and allocates only when a scratch grows. Large
 * collections are encoded in bounded steps through {@link #valueEncoder()}; {@link #value} is the one-shot form.
 *
 * <p><b>Strings</b> follow Redis's rdbSaveRawString: a canonical integer of at most 11 characters that fits in 32
 * bits is stored as an 8-, 16- or 32-bit integer; otherwise, with compression on and more than 20 bytes, as LZF when
 * that saves at least 4 bytes (Redis gives the compressor a budget of length - 4); otherwise with a length prefix.
 * Keys, members, AUX values and the listpack and intset blobs all go through the same rule, as in Redis.
 */
public final class RdbEncoder {
    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    private static final int INT_ENCODING_MAX_CHARS = 11;
    private static final int LZF_MIN_LENGTH = 21;

    /** Replication state, written as AUX fields when the snapshot carries it (Redis's rdbSaveInfo). */
    public record ReplicationInfo(int streamDb, String replId, long offset) {
    }

    private final boolean compression;
    private final boolean deferred;
    private final RedisListpackWriter listpack = new RedisListpackWriter();
    private final ValueEncoder values = new ValueEncoder(this);
    private byte[] lzfOut = new byte[64];

    /** {@code compression} is {@code rdbcompression}. */
    public RdbEncoder(boolean compression) {
        this(compression, false);
    }

    private RdbEncoder(boolean compression, boolean deferred) {
        this.compression = compression;
        this.deferred = deferred;
    }

    /**
     * An encoder for snapshots written off the executor: with {@code compression}, strings that LZF might shrink
     * are written plainly and marked in the output, and {@link ChunkCompressor} gives them their final form on the
     * file's thread. The bytes that reach the file are the same as this encoder would write compressing inline.
     */
    public static RdbEncoder deferringCompression(boolean compression) {
        return new RdbEncoder(compression, true);
    }

    RedisListpackWriter listpack() {
        return listpack;
    }

    // ------------------------------------------------------------------ framing

    /** {@code REDIS0010}. */
    public void header(RdbOutput out) {
        out.write(MAGIC, 0, MAGIC.length);
        byte[] v = String.format("%04d", RdbFormat.VERSION).getBytes(StandardCharsets.US_ASCII);
        out.write(v, 0, v.length);
    }

    public void aux(RdbOutput out, String key, byte[] value) {
        out.write(RdbFormat.OPCODE_AUX);
        string(out, key.getBytes(StandardCharsets.US_ASCII));
        string(out, value);
    }

    /** An AUX field whose value is a number, as text (then integer-encoded when short, like any string). */
    public void aux(RdbOutput out, String key, long value) {
        aux(out, key, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The AUX fields Redis 7.0 writes at the top of every RDB, in its order; the replication fields only when
     * {@code repl} is given.
     */
    public void infoAuxFields(RdbOutput out, String version, long ctimeSeconds, long usedMem, ReplicationInfo repl,
            boolean aofBase) {
        aux(out, "redis-ver", version.getBytes(StandardCharsets.US_ASCII));
        aux(out, "redis-bits", 64);
        aux(out, "ctime", ctimeSeconds);
        aux(out, "used-mem", usedMem);
        if (repl != null) {
            aux(out, "repl-stream-db", repl.streamDb());
            aux(out, "repl-id", repl.replId().getBytes(StandardCharsets.US_ASCII));
            aux(out, "repl-offset", repl.offset());
        }
        aux(out, "aof-base", aofBase ? 1 : 0);
    }

    /** One library of functions: the {@code FUNCTION2} opcode and the library's code ({@code rdbSaveFunctions}). */
    public void functionLibrary(RdbOutput out, byte[] code) {
        out.write(RdbFormat.OPCODE_FUNCTION2);
        string(out, code);
    }

    public void selectDb(RdbOutput out, int db) {
        out.write(RdbFormat.OPCODE_SELECTDB);
        length(out, db);
    }

    public void resizeDb(RdbOutput out, long keys, long expires) {
        out.write(RdbFormat.OPCODE_RESIZEDB);
        length(out, keys);
        length(out, expires);
    }

    /**
     * Everything of a key before its value: the expiry ({@code expireAtMs}, or a negative number for none), the idle
     * time in seconds when the eviction policy is an LRU one ({@code idleSeconds >= 0}) or the LFU counter when it is
     * an LFU one ({@code lfuCounter >= 0}; pass -1 for the other), the value type and the key.
     */
    public void keyHeader(RdbOutput out, byte[] key, Object value, long expireAtMs, long idleSeconds, int lfuCounter) {
        if (expireAtMs >= 0) {
            out.write(RdbFormat.OPCODE_EXPIRETIME_MS);
            out.writeLittleEndian(expireAtMs, 8);
        }
        if (idleSeconds >= 0) {
            out.write(RdbFormat.OPCODE_IDLE);
            length(out, idleSeconds);
        }
        if (lfuCounter >= 0) {
            out.write(RdbFormat.OPCODE_FREQ);
            out.write(lfuCounter);
        }
        out.write(typeOf(value));
        string(out, key);
    }

    /** A whole key: {@link #keyHeader} then {@link #value}. */
    public void keyValue(RdbOutput out, byte[] key, Object value, long expireAtMs, long idleSeconds, int lfuCounter) {
        keyHeader(out, key, value, expireAtMs, idleSeconds, lfuCounter);
        value(out, value);
    }

    public void eof(RdbOutput out) {
        out.write(RdbFormat.OPCODE_EOF);
    }

    /** The 8-byte trailer: the CRC-64 of everything before it, or zeros with {@code rdbchecksum no} (pass 0). */
    public static void checksum(RdbOutput out, long crc) {
        out.writeLittleEndian(crc, 8);
    }

    // ------------------------------------------------------------------ values

    /** The RDB type byte Redis 7.0 writes for a value in its current encoding. */
    public static int typeOf(Object value) {
        if (value instanceof byte[]) {
            return RdbFormat.TYPE_STRING;
        }
        if (value instanceof ListValue) {
            return RdbFormat.TYPE_LIST_QUICKLIST_2;
        }
        if (value instanceof SetValue s) {
            return s.encoding().equals("intset") ? RdbFormat.TYPE_SET_INTSET : RdbFormat.TYPE_SET;
        }
        if (value instanceof HashValue h) {
            return h.isPacked() ? RdbFormat.TYPE_HASH_LISTPACK : RdbFormat.TYPE_HASH;
        }
        if (value instanceof ZSetValue z) {
            return z.isCompact() ? RdbFormat.TYPE_ZSET_LISTPACK : RdbFormat.TYPE_ZSET_2;
        }
        throw new IllegalArgumentException("no RDB encoding for " + value.getClass().getName());
    }

    /** A whole value in one call; for large collections prefer {@link #valueEncoder()}. */
    public void value(RdbOutput out, Object value) {
        values.start(value);
        values.step(out, Long.MAX_VALUE);
    }

    /**
     * The incremental value encoder: {@code start(value)}, then {@code step(out, budget)} until it returns true.
     * Reused for every value; there is one per encoder.
     */
    public ValueEncoder valueEncoder() {
        return values;
    }

    // ------------------------------------------------------------------ primitives

    /** Redis's rdbSaveLen: 6 bits, 14 bits, or a marker byte and 32 or 64 bits big-endian. */
    public static void length(RdbOutput out, long len) {
        if (len < 64) {
            out.write((int) len);
        } else if (len < 16384) {
            out.write((int) ((len >> 8) | 0x40));
            out.write((int) (len & 0xFF));
        } else if (len <= 0xFFFFFFFFL) {
            out.write(RdbFormat.LEN_32BIT);
            out.writeBigEndian(len, 4);
        } else {
            out.write(RdbFormat.LEN_64BIT);
            out.writeBigEndian(len, 8);
        }
    }

    public void string(RdbOutput out, byte[] b) {
        string(out, b, 0, b.length);
    }

    /** A string as Redis's rdbSaveRawString writes it (see the class comment). */
    public void string(RdbOutput out, byte[] b, int off, int len) {
        if (len <= INT_ENCODING_MAX_CHARS && CanonicalInt.test(b, off, len)) {
            long v = CanonicalInt.parse(b, off, len);
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                out.write((RdbFormat.ENCVAL << 6) | RdbFormat.ENC_INT8);
                out.writeLittleEndian(v, 1);
                return;
            }
            if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                out.write((RdbFormat.ENCVAL << 6) | RdbFormat.ENC_INT16);
                out.writeLittleEndian(v, 2);
                return;
            }
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.write((RdbFormat.ENCVAL << 6) | RdbFormat.ENC_INT32);
                out.writeLittleEndian(v, 4);
                return;
            }
        }
        if (compression && len >= LZF_MIN_LENGTH) {
            if (deferred) {
                int header = out.size();
                length(out, len);
                int data = out.size();
                out.write(b, off, len);
                out.markCompressible(header, data, len);
                return;
            }
            if (lzfOut.length < len) {
                lzfOut = new byte[Math.max(len, lzfOut.length * 2)];
            }
            if (compressed(out, b, off, len, lzfOut)) {
                return;
            }
        }
        length(out, len);
        out.write(b, off, len);
    }

    /**
     * Redis's rdbSaveLzfStringObject: the string LZF-compressed when that saves at least 4 bytes (the compressor's
     * budget is {@code len - 4}), as the LZF encoding byte, both lengths and the data; false, writing nothing, when
     * it does not pay. {@code scratch} holds at least {@code len} bytes.
     */
    static boolean compressed(RdbOutput out, byte[] b, int off, int len, byte[] scratch) {
        int n = Lzf.compress(b, off, len, scratch, len - 4);
        if (n == 0) {
            return false;
        }
        out.write((RdbFormat.ENCVAL << 6) | RdbFormat.ENC_LZF);
        length(out, n);
        length(out, len);
        out.write(scratch, 0, n);
        return true;
    }

    // ------------------------------------------------------------------ DUMP

    /**
     * A DUMP payload, as Redis's createDumpPayload: the type byte and the value, the RDB version as two bytes
     * little-endian, and the CRC-64 of all that, 8 bytes little-endian.
     */
    public static byte[] dumpPayload(Object value, boolean compression) {
        RdbOutput out = new RdbOutput(64);
        RdbEncoder e = new RdbEncoder(compression);
        out.write(typeOf(value));
        e.value(out, value);
        out.writeLittleEndian(RdbFormat.VERSION, 2);
        checksum(out, Crc64.update(0, out.array(), 0, out.size()));
        return out.toByteArray();
    }
}
