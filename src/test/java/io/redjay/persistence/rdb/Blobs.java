package io.redjay.persistence.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-built RDB pieces for the encodings a Redis 7.0 server no longer writes (ziplists, zipmaps, linked lists,
 * string scores) or does not write yet (7.2 and 7.4 types): small listpacks, ziplists and zipmaps of short entries,
 * length-prefixed strings, and DUMP payloads with their footer.
 */
final class Blobs {
    private Blobs() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A listpack of entries under 64 bytes; an Integer 0..127 becomes a 7-bit integer entry. */
    static byte[] listpack(Object... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object e : entries) {
            if (e instanceof Integer i) {
                body.write(i);
                body.write(1);
            } else {
                byte[] s = b((String) e);
                body.write(0x80 | s.length);
                body.writeBytes(s);
                body.write(1 + s.length);
            }
        }
        int total = 6 + body.size() + 1;
        ByteArrayOutputStream lp = new ByteArrayOutputStream();
        le(lp, total, 4);
        le(lp, entries.length, 2);
        lp.writeBytes(body.toByteArray());
        lp.write(0xff);
        return lp.toByteArray();
    }

    /** A ziplist of entries under 64 bytes; an Integer 0..12 is an immediate, other Integers 16-bit, Longs 64-bit. */
    static byte[] ziplist(Object... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int prev = 0;
        int tail = 10;
        for (Object e : entries) {
            tail = 10 + body.size();
            int start = body.size();
            body.write(prev);
            if (e instanceof Integer i && i >= 0 && i <= 12) {
                body.write(0xf1 + i);
            } else if (e instanceof Integer i) {
                body.write(0xc0);
                le(body, i, 2);
            } else if (e instanceof Long l) {
                body.write(0xe0);
                le(body, l, 8);
            } else {
                byte[] s = b((String) e);
                body.write(s.length);
                body.writeBytes(s);
            }
            prev = body.size() - start;
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        le(zl, 10 + body.size() + 1, 4);
        le(zl, tail, 4);
        le(zl, entries.length, 2);
        zl.writeBytes(body.toByteArray());
        zl.write(0xff);
        return zl.toByteArray();
    }

    /** A zipmap of short field/value pairs, each value with one free byte after it. */
    static byte[] zipmap(String... pairs) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            byte[] f = b(pairs[i]);
            byte[] v = b(pairs[i + 1]);
            zm.write(f.length);
            zm.writeBytes(f);
            zm.write(v.length);
            zm.write(1);
            zm.writeBytes(v);
            zm.write(0);
        }
        zm.write(0xff);
        return zm.toByteArray();
    }

    /** An intset of 16-bit members, given in order. */
    static byte[] intset16(int... members) {
        ByteArrayOutputStream is = new ByteArrayOutputStream();
        le(is, 2, 4);
        le(is, members.length, 4);
        for (int m : members) {
            le(is, m, 2);
        }
        return is.toByteArray();
    }

    static void le(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    /** An RDB string: a 6- or 14-bit length prefix (or 32-bit), then the bytes. */
    static byte[] str(byte[] s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        len(out, s.length);
        out.writeBytes(s);
        return out.toByteArray();
    }

    static byte[] str(String s) {
        return str(b(s));
    }

    static void len(ByteArrayOutputStream out, long n) {
        if (n < 64) {
            out.write((int) n);
        } else if (n < 16384) {
            out.write(0x40 | (int) (n >> 8));
            out.write((int) n & 0xff);
        } else {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (n >>> (8 * i)) & 0xff);
            }
        }
    }

    static byte[] lenBytes(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        len(out, n);
        return out.toByteArray();
    }

    static byte[] concat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                out.write(i);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    /** A DUMP payload: the value bytes, then {@code version} and the CRC-64, little-endian. */
    static byte[] payload(int version, Object... valueParts) {
        byte[] value = concat(valueParts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(value);
        le(out, version, 2);
        byte[] body = out.toByteArray();
        le(out, Crc64.update(0, body, 0, body.length), 8);
        return out.toByteArray();
    }

    /** A whole snapshot of {@code version} around {@code body}, with its checksum from version 5 on. */
    static byte[] file(int version, Object... bodyParts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b(String.format("REDIS%04d", version)));
        out.writeBytes(concat(bodyParts));
        out.write(RdbFormat.OPCODE_EOF);
        if (version >= 5) {
            byte[] body = out.toByteArray();
            le(out, Crc64.update(0, body, 0, body.length), 8);
        }
        return out.toByteArray();
    }
}
