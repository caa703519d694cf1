package io.redjay.persistence.rdb;

/**
 * The CRC-64 that ends an RDB file and a DUMP payload: the "Jones" polynomial ({@code 0xad93d23594c935a9}), reflected
 * input and output, initial value 0, no final xor, stored little-endian. The check value of {@code "123456789"} is
 * {@code 0xe9c6d914c4b8d9ca}. Table-driven, one lookup per byte; it runs on the file writer's thread, never on the
 * executor.
 */
public final class Crc64 {
    /** The polynomial, bit-reversed for the reflected algorithm. */
    private static final long POLY = 0x95ac9329ac4bc9b5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code len} bytes of {@code b} from {@code off}. */
    public static long update(long crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long of(byte[] b) {
        return update(0, b, 0, b.length);
    }
}
