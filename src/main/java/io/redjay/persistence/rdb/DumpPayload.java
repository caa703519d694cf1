package io.redjay.persistence.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * The payload of DUMP and RESTORE: one value (its RDB type byte, then the value as a snapshot stores it), the RDB
 * version as two little-endian bytes, and the CRC-64 of everything before it as eight little-endian bytes.
 *
 * <p>Checking and decoding are separate because RESTORE replies differently to each failure: a payload that fails
 * {@link #verify} gets "DUMP payload version or checksum are wrong", one that fails {@link #decode} "Bad data format"
 * (the exception's message says what was wrong, for the log).
 * Redis 7.0 accepts versions up to its own (10); Redjay accepts up to {@link RdbFormat#MAX_READ_VERSION}, since it
 * decodes every value type those versions add (7.2's set listpacks, 7.4's hashes with field TTLs, loaded without
 * the TTLs), which lets payloads migrate down from newer servers.
 *
 * <p>{@code FUNCTION DUMP} and {@code FUNCTION RESTORE} use the same footer around a different body: one
 * {@code FUNCTION2} record per library (the opcode, then the library's code as an RDB string), exactly as a
 * snapshot stores them ({@link #functions}, {@link #functionCodes}).
 */
public final class DumpPayload {
    private static final int FOOTER = 10;

    private DumpPayload() {
    }

    /**
     * Whether the footer's version is one Redjay reads and the checksum matches; with {@code skipChecksum} (DEBUG
     * SET-SKIP-CHECKSUM-VALIDATION) only the version is checked.
     */
    public static boolean verify(byte[] payload, boolean skipChecksum) {
        if (payload.length < FOOTER) {
            return false;
        }
        int footer = payload.length - FOOTER;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > RdbFormat.MAX_READ_VERSION) {
            return false;
        }
        if (skipChecksum) {
            return true;
        }
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        return crc == ListpackDecoder.le(payload, payload.length - 8, 8);
    }

    /**
     * The value of a payload that passed {@link #verify}: a {@code byte[]} or one of the aggregate values, built
     * under {@code limits}. An empty collection, a stream or module value, or any corruption is an exception.
     */
    public static Object decode(byte[] payload, EncodingLimits limits) throws RdbException {
        if (payload.length <= FOOTER) {
            throw new RdbException("payload too short");
        }
        RdbInput in = new RdbInput(payload, payload.length - FOOTER);
        int type = in.readUnsignedByte();
        if (!ValueDecoder.isValueType(type)) {
            throw new RdbException(ValueDecoder.unsupported(type));
        }
        Object value = new ValueDecoder(in, limits).read(type);
        if (value == null) {
            throw new RdbException("empty collection");
        }
        return value;
    }

    /** A {@code FUNCTION DUMP} payload of the libraries whose codes are {@code codes}. */
    public static byte[] functions(List<byte[]> codes, boolean compression) {
        RdbOutput out = new RdbOutput(64);
        RdbEncoder e = new RdbEncoder(compression);
        for (byte[] code : codes) {
            e.functionLibrary(out, code);
        }
        out.writeLittleEndian(RdbFormat.VERSION, 2);
        RdbEncoder.checksum(out, Crc64.update(0, out.array(), 0, out.size()));
        return out.toByteArray();
    }

    /**
     * The library codes of a {@code FUNCTION RESTORE} payload that passed {@link #verify}; a record that is not a
     * library is an exception with Redis's message ("given type is not a function").
     */
    public static List<byte[]> functionCodes(byte[] payload) throws RdbException {
        List<byte[]> codes = new ArrayList<>();
        RdbInput in = new RdbInput(payload, payload.length - FOOTER);
        while (in.offset() < payload.length - FOOTER) {
            int type = in.readUnsignedByte();
            if (type == RdbFormat.OPCODE_FUNCTION) {
                codes.add(preReleaseLibrary(in));
            } else if (type == RdbFormat.OPCODE_FUNCTION2) {
                codes.add(in.readString());
            } else {
                throw new RdbException("given type is not a function");
            }
        }
        return codes;
    }

    /**
     * A library in the {@code FUNCTION} record of Redis 7.0's release candidates (name, engine, an optional
     * description, then the code), as the code {@code FUNCTION LOAD} takes today: the metadata line put in front.
     */
    static byte[] preReleaseLibrary(RdbInput in) throws RdbException {
        byte[] name = in.readString();
        byte[] engine = in.readString();
        if (in.readLen() != 0) {
            in.readString();
        }
        byte[] blob = in.readString();
        byte[] head = ("#!" + new String(engine, java.nio.charset.StandardCharsets.ISO_8859_1) + " name="
                + new String(name, java.nio.charset.StandardCharsets.ISO_8859_1) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] code = java.util.Arrays.copyOf(head, head.length + blob.length);
        System.arraycopy(blob, 0, code, head.length, blob.length);
        return code;
    }
}
