package io.redjay.persistence.rdb;

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
}
