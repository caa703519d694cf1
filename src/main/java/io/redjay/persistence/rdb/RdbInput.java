package io.redjay.persistence.rdb;

import io.redjay.types.Numbers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The RDB primitives read from a stream: bytes, length prefixes, strings in their special encodings, doubles and
 * times. It buffers the stream itself (a snapshot can be gigabytes, so nothing is ever read whole), counts the bytes
 * consumed for error messages, and keeps the CRC-64 of everything consumed so far, folded in lazily per buffer fill.
 *
 * <p>Untrusted lengths never size an allocation up front: a string grows as its bytes actually arrive, so a corrupt
 * length of four gigabytes ends in "Unexpected EOF" rather than an OutOfMemoryError. When the input's length is
 * known (a DUMP payload), a declared length longer than what is left is refused before anything is allocated.
 */
final class RdbInput {
    private static final int BUFFER = 64 * 1024;
    private static final int GROW_STEP = 1 << 20;
    /** LZF expands at most 264 output bytes per 3 input bytes (a back reference), so this bounds a real ratio. */
    private static final long LZF_MAX_RATIO = 88;
    /** Marks a {@link #readLenOrEncoding} result as a special string encoding rather than a length. */
    static final long ENCODED = 1L << 62;

    private final InputStream in;
    private final long length;
    private final byte[] buf;
    private int pos;
    private int limit;
    private long consumedBefore;
    private long crc;
    private final boolean checksumHere;

    /** A stream of unknown length, such as a snapshot file or a replication transfer. */
    RdbInput(InputStream in) {
        this(in, true);
    }

    /** The same, leaving the checksum to someone else when {@code checksumHere} is false. */
    RdbInput(InputStream in, boolean checksumHere) {
        this.in = in;
        this.length = Long.MAX_VALUE;
        this.buf = new byte[BUFFER];
        this.checksumHere = checksumHere;
    }

    /** The first {@code length} bytes of {@code data}: nothing past them is read, nor any length past them trusted. */
    RdbInput(byte[] data, int length) {
        this.in = new ByteArrayInputStream(data, 0, length);
        this.length = length;
        this.buf = new byte[Math.max(1, Math.min(BUFFER, length))];
        this.checksumHere = true;
    }

    /** Bytes consumed from the start of the stream. */
    long offset() {
        return consumedBefore + pos;
    }

    /** The CRC-64 of every byte consumed so far. */
    long crc() {
        if (checksumHere) {
            crc = Crc64.update(crc, buf, 0, pos);
        }
        consumedBefore += pos;
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
        return crc;
    }

    private void fill() throws RdbException {
        crc();
        try {
            int n = in.read(buf, limit, buf.length - limit);
            if (n <= 0) {
                throw eof();
            }
            limit += n;
        } catch (IOException e) {
            throw new RdbException("Error reading RDB file: " + e.getMessage());
        }
    }

    static RdbException eof() {
        return new RdbException("Unexpected EOF reading RDB file");
    }

    int readUnsignedByte() throws RdbException {
        if (pos == limit) {
            fill();
        }
        return buf[pos++] & 0xff;
    }

    void readFully(byte[] out, int off, int len) throws RdbException {
        while (len > 0) {
            if (pos == limit) {
                fill();
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, out, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Reads {@code len} bytes into a new array that grows as they arrive. */
    byte[] readBytes(long len) throws RdbException {
        if (len > Integer.MAX_VALUE - 16) {
            throw new RdbException("String too long (" + len + " bytes) at offset " + offset());
        }
        if (len > length - offset()) {
            throw eof();
        }
        int n = (int) len;
        byte[] out = new byte[Math.min(n, GROW_STEP)];
        int done = 0;
        while (done < n) {
            if (done == out.length) {
                out = Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            }
            int chunk = out.length - done;
            readFully(out, done, chunk);
            done += chunk;
        }
        return out;
    }

    long readLittleEndian(int bytes) throws RdbException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) readUnsignedByte() << (8 * i);
        }
        return v;
    }

    private long readBigEndian(int bytes) throws RdbException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | readUnsignedByte();
        }
        return v;
    }

    /**
     * A length prefix. Returns the length, or for a special string encoding (top bits 11) the encoding number with
     * {@link #ENCODED} or-ed in.
     */
    long readLenOrEncoding() throws RdbException {
        int b = readUnsignedByte();
        int kind = b >>> 6;
        if (kind == RdbFormat.LEN_6BIT) {
            return b & 0x3f;
        }
        if (kind == RdbFormat.LEN_14BIT) {
            return ((long) (b & 0x3f) << 8) | readUnsignedByte();
        }
        if (b == RdbFormat.LEN_32BIT) {
            return readBigEndian(4);
        }
        if (b == RdbFormat.LEN_64BIT) {
            long v = readBigEndian(8);
            if (v < 0) {
                throw new RdbException("Length out of range at offset " + offset());
            }
            return v;
        }
        if (kind == RdbFormat.ENCVAL) {
            return ENCODED | (b & 0x3f);
        }
        throw new RdbException("Unknown length encoding " + b + " in rdbLoadLen() at offset " + offset());
    }

    /** A plain length (an encoded prefix yields its six bits, as Redis's rdbLoadLen does). */
    long readLen() throws RdbException {
        return readLenOrEncoding() & ~ENCODED;
    }

    /** A string in any encoding: raw, an 8/16/32-bit integer (as its decimal digits), or LZF-compressed. */
    byte[] readString() throws RdbException {
        long len = readLenOrEncoding();
        if ((len & ENCODED) == 0) {
            return readBytes(len);
        }
        int enc = (int) (len & ~ENCODED);
        return switch (enc) {
            case RdbFormat.ENC_INT8 -> ascii((byte) readUnsignedByte());
            case RdbFormat.ENC_INT16 -> ascii((short) readLittleEndian(2));
            case RdbFormat.ENC_INT32 -> ascii((int) readLittleEndian(4));
            case RdbFormat.ENC_LZF -> readLzf();
            default -> throw new RdbException("Unknown RDB string encoding type " + enc + " at offset " + offset());
        };
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private byte[] readLzf() throws RdbException {
        long clen = readLen();
        long len = readLen();
        if (clen == 0 || len == 0 || len > Integer.MAX_VALUE - 16 || len > clen * LZF_MAX_RATIO) {
            throw new RdbException("Invalid LZF compressed string at offset " + offset());
        }
        byte[] compressed = readBytes(clen);
        byte[] out = new byte[(int) len];
        if (!Lzf.decompress(compressed, compressed.length, out)) {
            throw new RdbException("Invalid LZF compressed string at offset " + offset());
        }
        return out;
    }

    /**
     * A ZSET (version 1) score: a length byte with 253/254/255 for NaN/+inf/-inf, else that many ASCII bytes in the
     * syntax scores have everywhere else (not Java's, which would take "1d" or surrounding blanks).
     */
    double readStringDouble() throws RdbException {
        int len = readUnsignedByte();
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] b = new byte[len];
                readFully(b, 0, len);
                double d = Numbers.parseDouble(b);
                if (Double.isNaN(d)) {
                    throw new RdbException("Bad double value at offset " + offset());
                }
                return d;
        }
    }

    /** A ZSET_2 score: the IEEE 754 double, little-endian. */
    double readBinaryDouble() throws RdbException {
        return Double.longBitsToDouble(readLittleEndian(8));
    }
}
