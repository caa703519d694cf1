package io.redjay.types;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The dataset fingerprint of DEBUG DIGEST and DEBUG DIGEST-VALUE, bit for bit the one Redis computes, so that a test
 * can load the same data into both servers and compare.
 *
 * <p>A digest is 20 bytes built from SHA-1 with two operations. {@link #xor} folds SHA1(data) into the state and is
 * commutative: it is used for anything unordered (the keys of a database, set members, hash fields). {@link #mix}
 * does the same and then replaces the state by its own SHA-1, so order matters: it is used for sequences (list
 * elements, a key followed by its value). A value is digested as: its type code, its content (by type), and a fixed
 * marker if the key has a TTL (the TTL itself does not count, so digests stay stable while time passes).
 *
 * <p>Strings are handled here. Aggregates implement {@link DigestValue} and describe their own content with the
 * same two operations; {@link #addValue} dispatches to them.
 */
public final class Digest {
    private static final byte[] EXPIRE_MARKER = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private final byte[] state = new byte[20];
    private final MessageDigest sha1;

    public Digest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }

    /** state ^= SHA1(data): order-independent accumulation. */
    public void xor(byte[] data) {
        xor(data, 0, data.length);
    }

    public void xor(byte[] data, int offset, int length) {
        sha1.update(data, offset, length);
        byte[] h = sha1.digest();
        for (int i = 0; i < 20; i++) {
            state[i] ^= h[i];
        }
    }

    /** state = SHA1(state ^ SHA1(data)): order-dependent accumulation. */
    public void mix(byte[] data) {
        mix(data, 0, data.length);
    }

    public void mix(byte[] data, int offset, int length) {
        xor(data, offset, length);
        byte[] h = sha1.digest(state);
        System.arraycopy(h, 0, state, 0, 20);
    }

    /** Folds another digest in, unordered: how an element digest (a hash field and value) joins its aggregate. */
    public void xor(Digest element) {
        xor(element.state);
    }

    public String hex() {
        return HexFormat.of().formatHex(state);
    }

    /** Digests one value as Redis's xorObjectDigest: type code, content, and the TTL marker. */
    public void addValue(Object value, boolean hasExpire) {
        mix(int32(typeCode(value)));
        if (value instanceof byte[] s) {
            mix(s);
        } else if (value instanceof DigestValue d) {
            d.digestInto(this);
        }
        if (hasExpire) {
            xor(EXPIRE_MARKER);
        }
    }

    /** DEBUG DIGEST-VALUE of one key: all zeros when the key does not exist. */
    public static String ofEntry(KeyEntry e) {
        Digest d = new Digest();
        if (e != null) {
            d.addValue(e.value(), e.hasExpire());
        }
        return d.hex();
    }

    /** DEBUG DIGEST: every non-empty database in order, each key-value pair folded in unordered. */
    public static String ofDataset(Keyspace keyspace) {
        Digest all = new Digest();
        for (int i = 0; i < keyspace.databases(); i++) {
            Database db = keyspace.db(i);
            if (db.size() == 0) {
                continue;
            }
            all.mix(int32(i));
            long cursor = 0;
            do {
                cursor = db.scan(cursor, e -> {
                    Digest pair = new Digest();
                    pair.mix(e.key());
                    pair.addValue(e.value(), e.hasExpire());
                    all.xor(pair);
                });
            } while (cursor != 0);
        }
        return all.hex();
    }

    /** Redis's object type numbers (OBJ_STRING .. OBJ_STREAM), which enter the digest. */
    static int typeCode(Object value) {
        return switch (ValueTypes.typeName(value)) {
            case "list" -> 1;
            case "set" -> 2;
            case "zset" -> 3;
            case "hash" -> 4;
            case "stream" -> 6;
            default -> 0;
        };
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
