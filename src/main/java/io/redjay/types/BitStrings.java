package io.redjay.types;

/**
 * Bit-level primitives over string values, in the bit order that SETBIT, BITPOS and BITFIELD share: bit 0 is the most
 * significant bit of byte 0, so a bitmap reads left to right like the binary digits of its bytes. Bytes past the end
 * of the array read as zero, which is how every bit command treats a short (or missing) string.
 */
public final class BitStrings {
    private BitStrings() {
    }

    /** Number of set bits in {@code len} bytes from {@code from}. */
    public static long popcount(byte[] p, int from, int len) {
        long bits = 0;
        int i = from;
        int end = from + len;
        for (; i + 8 <= end; i += 8) {
            bits += Long.bitCount(readLong(p, i));
        }
        for (; i < end; i++) {
            bits += Integer.bitCount(p[i] & 0xff);
        }
        return bits;
    }

    private static long readLong(byte[] p, int i) {
        return (p[i] & 0xffL) << 56 | (p[i + 1] & 0xffL) << 48 | (p[i + 2] & 0xffL) << 40 | (p[i + 3] & 0xffL) << 32
                | (p[i + 4] & 0xffL) << 24 | (p[i + 5] & 0xffL) << 16 | (p[i + 6] & 0xffL) << 8 | (p[i + 7] & 0xffL);
    }

    /**
     * Position of the first bit equal to {@code bit} in {@code len} bytes from {@code from}, counted from
     * {@code from}. When looking for a clear bit and none is found, returns {@code len * 8} (the string is zero
     * padded on the right); when looking for a set bit and none is found, returns -1.
     */
    public static long bitpos(byte[] p, int from, int len, int bit) {
        int skip = bit == 1 ? 0 : 0xff;
        for (int i = 0; i < len; i++) {
            int b = p[from + i] & 0xff;
            if (b != skip) {
                int lead = bit == 1 ? Integer.numberOfLeadingZeros(b) - 24 : Integer.numberOfLeadingZeros(~b & 0xff) - 24;
                return (long) i * 8 + lead;
            }
        }
        return bit == 1 ? -1 : (long) len * 8;
    }

    /** Reads {@code bits} bits (1..64) at bit {@code offset} as an unsigned number; bits past the end read as 0. */
    public static long getUnsigned(byte[] p, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++, offset++) {
            long index = offset >>> 3;
            int bitval = index < p.length ? (p[(int) index] >> (7 - (int) (offset & 7))) & 1 : 0;
            value = (value << 1) | bitval;
        }
        return value;
    }

    /** Reads {@code bits} bits as a two's complement signed number. */
    public static long getSigned(byte[] p, long offset, int bits) {
        long value = getUnsigned(p, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    /** Writes the low {@code bits} bits of {@code value} at bit {@code offset}; the array must be long enough. */
    public static void set(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            int bitval = (int) (value >>> (bits - 1 - j)) & 1;
            int index = (int) (offset >>> 3);
            int shift = 7 - (int) (offset & 7);
            p[index] = (byte) ((p[index] & ~(1 << shift)) | (bitval << shift));
        }
    }
}
