package io.redjay.persistence.rdb;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a whole RDB snapshot, versions 1 to {@link RdbFormat#MAX_READ_VERSION}, from a stream, handing every key to a
 * {@link Sink} as soon as it is decoded: a snapshot may be far larger than anything worth holding twice, so the
 * reader keeps nothing but the current key, and the sink decides where values go (a keyspace at startup, a staging
 * keyspace during a replica sync, a checker that only counts).
 *
 * <p>The per-key opcodes that precede a key (expiry, LRU idle time, LFU frequency) are collected and passed with it.
 * The trailing CRC-64 is checked from version 5 on; a stored checksum of 0 means the writer did not compute one and
 * is accepted, as Redis does. A key whose collection is empty is skipped and reported to
 * {@link Sink#emptyKeySkipped}, as Redis 7.0 skips it with a log line. Keys already expired are passed on with their
 * expiry: whether to drop them (a master does, a replica does not) is the sink's decision.
 *
 * <p>Module AUX data is skipped generically through the module opcodes, as redis-check-rdb does. Module values and
 * streams stop the load with an error naming the key; function libraries (the {@code FUNCTION2} records, and the
 * {@code FUNCTION} records of 7.0's release candidates, translated) go to {@link Sink#functionLibrary}.
 */
public final class RdbReader {
    private static final byte[] SIGNATURE = "REDIS".getBytes(StandardCharsets.US_ASCII);
    private static final String MODULE_NAME_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** Receives what a snapshot holds, in file order. Any method may throw to abort the load. */
    public interface Sink {
        /** An AUX field: redis-ver, redis-bits, ctime, used-mem, repl-stream-db, repl-id, repl-offset, aof-base... */
        default void aux(String name, byte[] value) throws RdbException {
        }

        /** The sizes the writer announced for database {@code db}: hints only. */
        default void resizeDb(int db, long size, long expiresSize) throws RdbException {
        }

        /**
         * One key. {@code value} is a {@code byte[]} or a {@code ListValue}, {@code SetValue}, {@code ZSetValue} or
         * {@code HashValue}; {@code expireAtMs} is -1 without expiry, {@code idleSeconds} and {@code freq} -1 when the
         * file has none.
         */
        void key(int db, byte[] key, Object value, long expireAtMs, long idleSeconds, int freq) throws RdbException;

        /** A library of functions (its code, as FUNCTION LOAD takes it): ignored unless the sink loads them. */
        default void functionLibrary(byte[] code) throws RdbException {
        }

        /** Module AUX data of the named module, already skipped. */
        default void moduleAuxSkipped(String module) throws RdbException {
        }

        /** A key whose collection was empty, not loaded. */
        default void emptyKeySkipped(int db, byte[] key) throws RdbException {
        }
    }

    private final RdbInput in;
    private final EncodingLimits limits;
    private final int databases;
    private final ParallelChecksum checksum;

    /** {@code in} is read to the end of the snapshot (and buffered here: pass the raw stream). */
    public RdbReader(InputStream in, EncodingLimits limits, int databases) {
        this(in, limits, databases, null);
    }

    /** The same, the checksum computed by {@code checksum} (over the same file) instead of inline, when not null. */
    public RdbReader(InputStream in, EncodingLimits limits, int databases, ParallelChecksum checksum) {
        this.in = new RdbInput(in, checksum == null);
        this.limits = limits;
        this.databases = databases;
        this.checksum = checksum;
    }

    /** Bytes consumed so far: after {@link #read}, where the snapshot ends (an AOF's preamble is followed by commands). */
    public long offset() {
        return in.offset();
    }

    /** Reads the snapshot to its end marker and checksum; returns its RDB version. */
    public int read(Sink sink) throws RdbException {
        int version = readHeader();
        ValueDecoder values = new ValueDecoder(in, limits);
        int db = 0;
        long expireAt = -1;
        long idle = -1;
        int freq = -1;
        while (true) {
            long opcodeOffset = in.offset();
            int type = in.readUnsignedByte();
            switch (type) {
                case RdbFormat.OPCODE_EOF -> {
                    verifyChecksum(version);
                    return version;
                }
                case RdbFormat.OPCODE_EXPIRETIME -> expireAt = (int) in.readLittleEndian(4) * 1000L;
                case RdbFormat.OPCODE_EXPIRETIME_MS -> expireAt = in.readLittleEndian(8);
                case RdbFormat.OPCODE_IDLE -> idle = in.readLen();
                case RdbFormat.OPCODE_FREQ -> freq = in.readUnsignedByte();
                case RdbFormat.OPCODE_SELECTDB -> {
                    long id = in.readLen();
                    if (id >= databases) {
                        throw new RdbException("FATAL: Data file was created with a Redis server configured to handle"
                                + " more than " + databases + " databases.");
                    }
                    db = (int) id;
                }
                case RdbFormat.OPCODE_RESIZEDB -> sink.resizeDb(db, in.readLen(), in.readLen());
                case RdbFormat.OPCODE_AUX -> {
                    String name = new String(in.readString(), StandardCharsets.ISO_8859_1);
                    sink.aux(name, in.readString());
                }
                case RdbFormat.OPCODE_MODULE_AUX -> sink.moduleAuxSkipped(skipModuleAux());
                case RdbFormat.OPCODE_FUNCTION -> sink.functionLibrary(DumpPayload.preReleaseLibrary(in));
                case RdbFormat.OPCODE_FUNCTION2 -> sink.functionLibrary(in.readString());
                case RdbFormat.OPCODE_SLOT_INFO -> {
                    in.readLen();
                    in.readLen();
                    in.readLen();
                }
                default -> {
                    loadKey(type, opcodeOffset, values, db, expireAt, idle, freq, sink);
                    expireAt = -1;
                    idle = -1;
                    freq = -1;
                }
            }
        }
    }

    /** One key of {@code type} and its value; a decoding error is re-thrown naming the key, type, db and offset. */
    private void loadKey(int type, long offset, ValueDecoder values, int db, long expireAt, long idle, int freq,
                         Sink sink) throws RdbException {
        if (!ValueDecoder.isValueType(type)) {
            throw new RdbException("Unknown RDB encoding type " + type + " at byte offset " + offset);
        }
        byte[] key = in.readString();
        Object value;
        try {
            value = values.read(type);
        } catch (RdbException e) {
            throw new RdbException(e.getMessage() + " (key '" + printable(key) + "' of RDB type " + type + " in db "
                    + db + ", at byte offset " + offset + ")");
        }
        if (value == null) {
            sink.emptyKeySkipped(db, key);
        } else {
            sink.key(db, key, value, expireAt, idle, freq);
        }
    }

    /** The signature and version; unlike Redis's atoi, all four version characters must be digits. */
    private int readHeader() throws RdbException {
        byte[] header = new byte[9];
        in.readFully(header, 0, 9);
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (header[i] != SIGNATURE[i]) {
                throw RdbException.refused("Wrong signature trying to load DB from file");
            }
        }
        int version = 0;
        for (int i = 5; i < 9; i++) {
            if (header[i] < '0' || header[i] > '9') {
                throw RdbException.refused("Can't handle RDB format version "
                        + new String(header, 5, 4, StandardCharsets.ISO_8859_1));
            }
            version = version * 10 + (header[i] - '0');
        }
        if (version < 1 || version > RdbFormat.MAX_READ_VERSION) {
            throw RdbException.refused("Can't handle RDB format version " + version);
        }
        return version;
    }

    private void verifyChecksum(int version) throws RdbException {
        if (version < 5) {
            return;
        }
        long expected = in.crc();
        long length = in.offset();
        long stored = in.readLittleEndian(8);
        if (stored != 0 && checksum != null) {
            expected = checksum.checksumOf(length);
        }
        if (stored != 0 && stored != expected) {
            throw new RdbException("Wrong RDB checksum expected: (" + Long.toHexString(expected) + ") but got ("
                    + Long.toHexString(stored) + "). Aborting now.", "RDB CRC error");
        }
    }

    /** Skips a MODULE_AUX record (module id, "when", then module opcodes to their EOF); returns the module name. */
    private String skipModuleAux() throws RdbException {
        long moduleId = in.readLen();
        long whenOpcode = in.readLen();
        in.readLen();
        if (whenOpcode != RdbFormat.MODULE_OPCODE_UINT) {
            throw new RdbException("bad when_opcode in module AUX data at byte offset " + in.offset());
        }
        String name = moduleName(moduleId);
        while (true) {
            long opcode = in.readLen();
            switch ((int) Math.min(opcode, Integer.MAX_VALUE)) {
                case RdbFormat.MODULE_OPCODE_EOF -> {
                    return name;
                }
                case RdbFormat.MODULE_OPCODE_SINT, RdbFormat.MODULE_OPCODE_UINT -> in.readLen();
                case RdbFormat.MODULE_OPCODE_FLOAT -> in.readLittleEndian(4);
                case RdbFormat.MODULE_OPCODE_DOUBLE -> in.readLittleEndian(8);
                case RdbFormat.MODULE_OPCODE_STRING -> in.readString();
                default -> throw new RdbException("Unknown module opcode " + opcode + " in module '" + name
                        + "' AUX data at byte offset " + in.offset());
            }
        }
    }

    /** A module type id's nine-character name: the top 54 bits, six per character. */
    static String moduleName(long id) {
        char[] name = new char[9];
        long rest = id >>> 10;
        for (int j = 8; j >= 0; j--) {
            name[j] = MODULE_NAME_CHARS.charAt((int) (rest & 63));
            rest >>>= 6;
        }
        return new String(name);
    }

    /** A key for an error message: printable ASCII as is, anything else as \xHH, cut after 128 bytes. */
    static String printable(byte[] key) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(key.length, 128); i++) {
            int c = key[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        if (key.length > 128) {
            sb.append("...");
        }
        return sb.toString();
    }
}
