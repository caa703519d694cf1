package io.redjay.persistence.rdb;

import io.redjay.config.Config;
import io.redjay.config.ConfigTable;
import io.redjay.keyspace.Keyspace;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.types.Digest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Random;

import static io.redjay.persistence.rdb.RealRedisFixture.bytes;
import static io.redjay.persistence.rdb.RealRedisFixture.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Corrupt snapshots of a real Redis 7.0.15 dataset: truncated at every length, bit-flipped under a checksum, and
 * randomly damaged without one (rdbchecksum no, so the damage reaches the value decoders). Every outcome must be a
 * clean load or an {@link RdbException}, never another exception and never a hang; each batch runs under a time bound.
 */
class RdbReaderCorruptionTest {
    private static final EncodingLimits LIMITS;
    private static byte[] checked;
    private static byte[] unchecked;

    static {
        Config c = new Config();
        ConfigTable.standard().applyDefaults(c);
        LIMITS = EncodingLimits.of(c);
    }

    @BeforeAll
    static void snapshots() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server not installed");
        checked = snapshot();
        unchecked = snapshot("--rdbchecksum", "no", "--rdbcompression", "no");
    }

    private static byte[] snapshot(String... args) throws Exception {
        try (RealRedis redis = RealRedis.start(args); RawClient c = new RawClient(redis.port(), 30_000)) {
            ok(c, "SET", "str", "plain");
            ok(c, "SET", "int", "123456");
            ok(c, "SET", "lzf", "abcd".repeat(40));
            ok(c, "RPUSH", "list", "a", "1", "b", "-70000");
            ok(c, "SADD", "intset", "1", "2", "300000");
            ok(c, "SADD", "set", "x", "y");
            ok(c, "ZADD", "zset", "1", "a", "2.5", "b");
            ok(c, "HSET", "hash:small", "f1", "v1", "f2", "22");
            ok(c, "PEXPIRE", "hash:small", "100000000");
            ok(c, "SELECT", "3");
            ok(c, "SET", "other", "db");
            return RealRedisFixture.save(c);
        }
    }

    /** Loads {@code file}; returns null on success or the RdbException's message; any other throwable fails. */
    private static String load(byte[] file) {
        try {
            new RdbReader(new ByteArrayInputStream(file), LIMITS, 16)
                    .read(new KeyspaceLoader(new Keyspace(16, () -> 1_000L), false));
            return null;
        } catch (RdbException e) {
            return e.getMessage();
        } catch (Throwable t) {
            throw new AssertionError("not an RdbException", t);
        }
    }

    @Test
    void intactSnapshotsLoad() {
        assertEquals(null, load(checked));
        assertEquals(null, load(unchecked));
        for (int i = 1; i <= 8; i++) {
            assertEquals(0, unchecked[unchecked.length - i], "rdbchecksum no writes a zero checksum");
        }
    }

    /** A stream that hands out one to three bytes a read, so every primitive straddles buffer refills. */
    private static final class Trickle extends java.io.InputStream {
        private final byte[] data;
        private int pos;

        Trickle(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + pos % 3), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Test
    void aTrickleStreamLoadsTheSameKeyspace() throws Exception {
        Keyspace whole = new Keyspace(16, () -> 1_000L);
        new RdbReader(new ByteArrayInputStream(checked), LIMITS, 16).read(new KeyspaceLoader(whole, false));
        Keyspace trickled = new Keyspace(16, () -> 1_000L);
        new RdbReader(new Trickle(checked), LIMITS, 16).read(new KeyspaceLoader(trickled, false));
        assertEquals(Digest.ofDataset(whole), Digest.ofDataset(trickled));
        assertEquals(8, whole.db(0).size());
        assertEquals(1, whole.db(3).size());
    }

    @Test
    void everyTruncationIsUnexpectedEof() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int len = 0; len < checked.length; len++) {
                byte[] cut = java.util.Arrays.copyOf(checked, len);
                String error = load(cut);
                assertTrue(error != null && error.startsWith("Unexpected EOF reading RDB file"),
                        "truncated to " + len + ": " + error);
            }
        });
    }

    @Test
    void bitFlipsUnderChecksumAreRejected() {
        Random r = new Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 400; i++) {
                byte[] f = checked.clone();
                int at = r.nextInt(f.length);
                f[at] ^= (byte) (1 << r.nextInt(8));
                String error = load(f);
                assertTrue(error != null, "flip at " + at + " loaded");
            }
        });
    }

    @Test
    void randomDamageWithoutChecksumIsAnRdbExceptionOrALoad() {
        Random r = new Random(7);
        int[] failures = new int[1];
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 600; i++) {
                byte[] f = unchecked.clone();
                int n = 1 + r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    f[9 + r.nextInt(f.length - 17)] = (byte) r.nextInt(256);
                }
                if (load(f) != null) {
                    failures[0]++;
                }
            }
        });
        assertTrue(failures[0] > 100, "most damage is detected: " + failures[0]);
    }

    @Test
    void badListpackInsideAValidFileNamesTheKey() {
        byte[] f = unchecked.clone();
        int key = indexOf(f, bytes("hash:small"));
        int prefix = key + "hash:small".length();
        int lpLen = f[prefix] & 0x3f;
        int lpEnd = prefix + 1 + lpLen - 1;
        assertEquals((byte) 0xff, f[lpEnd], "listpack terminator");
        f[lpEnd] = 0;
        String error = load(f);
        assertTrue(error != null && error.startsWith("Hash listpack integrity check failed. (key 'hash:small' of RDB "
                + "type 16 in db 0, at byte offset "), error);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        fail("not found");
        return -1;
    }
}
