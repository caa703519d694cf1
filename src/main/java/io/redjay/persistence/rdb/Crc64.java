package io.redjay.persistence.rdb;


/**
 * The CRC-64 that ends an RDB file and a DUMP payload: the "Jones" polynomial ({@code 0xad93d23594c935a9}), reflected
 * input and output, initial value 0, no final xor, stored little-endian. The check value of {@code "123456789"} is
 * {@code 0xe9c6d914c4b8d9ca}.
 *
 * <p>Slicing by eight, as Redis's crcspeed does: eight tables, where table k holds the CRC of a byte followed by k
 * zero bytes, so eight input bytes are folded with eight independent lookups instead of eight dependent ones. That
 * is several times the speed of one lookup per byte, and it matters because every byte of every snapshot written,
 * loaded or sent to a replica passes through here (on the file's or the loader's thread, never the executor's).
 */
public final class Crc64 {
    /** The polynomial, bit-reversed for the reflected algorithm. */
    private static final long POLY = 0x95ac9329ac4bc9b5L;
    private static final long[][] TABLES = new long[8][256];
    private static final long[] TABLE = TABLES[0];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[i] = crc;
        }
        for (int k = 1; k < 8; k++) {
            for (int i = 0; i < 256; i++) {
                long prev = TABLES[k - 1][i];
                TABLES[k][i] = (prev >>> 8) ^ TABLE[(int) (prev & 0xff)];
            }
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code len} bytes of {@code b} from {@code off}. */
    public static long update(long crc, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        long[] t0 = TABLES[0];
        long[] t1 = TABLES[1];
        long[] t2 = TABLES[2];
        long[] t3 = TABLES[3];
        long[] t4 = TABLES[4];
        long[] t5 = TABLES[5];
        long[] t6 = TABLES[6];
        long[] t7 = TABLES[7];
        for (; i + 8 <= end; i += 8) {
            crc = t7[(int) ((crc ^ b[i]) & 0xff)] ^ t6[(int) (((crc >>> 8) ^ b[i + 1]) & 0xff)]
                    ^ t5[(int) (((crc >>> 16) ^ b[i + 2]) & 0xff)] ^ t4[(int) (((crc >>> 24) ^ b[i + 3]) & 0xff)]
                    ^ t3[(int) (((crc >>> 32) ^ b[i + 4]) & 0xff)] ^ t2[(int) (((crc >>> 40) ^ b[i + 5]) & 0xff)]
                    ^ t1[(int) (((crc >>> 48) ^ b[i + 6]) & 0xff)] ^ t0[(int) (((crc >>> 56) ^ b[i + 7]) & 0xff)];
        }
        for (; i < end; i++) {
            crc = t0[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long of(byte[] b) {
        return update(0, b, 0, b.length);
    }
}
