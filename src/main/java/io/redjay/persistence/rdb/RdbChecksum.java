package io.redjay.persistence.rdb;

/**
 * The running CRC-64 of an RDB file, kept by whoever writes the bytes out (the file-writer thread), so that the
 * encoder on the executor thread does not pay for it: feed it every chunk as it goes to the file, then append
 * {@link #value()} after the EOF opcode with {@link RdbEncoder#checksum}. With {@code rdbchecksum no} Redis writes
 * zeros instead; simply do not feed it.
 */
public final class RdbChecksum {
    private long crc;

    public void update(byte[] b, int off, int len) {
        crc = Crc64.update(crc, b, off, len);
    }

    public void update(RdbOutput out) {
        update(out.array(), 0, out.size());
    }

    public long value() {
        return crc;
    }
}
