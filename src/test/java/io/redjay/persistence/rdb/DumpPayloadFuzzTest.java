package io.redjay.persistence.rdb;

import io.redjay.config.Config;
import io.redjay.config.ConfigTable;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.redjay.persistence.rdb.RealRedisFixture.bulk;
import static io.redjay.persistence.rdb.RealRedisFixture.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Redis's corrupt-dump fuzzer does to a server, done to the decoder: DUMP payloads of every type and encoding a
 * real Redis 7.0.15 writes (small packed values and bigger ones spread over several nodes), plus the ziplist forms of
 * older versions, each damaged in one or two random bytes and decoded with the checksum ignored. Every outcome must be
 * an {@link RdbException} or a value consistent enough to be encoded again and decoded back to the very same bytes,
 * never another exception, a hang, or an allocation the payload's size does not justify.
 */
class DumpPayloadFuzzTest {
    private static final EncodingLimits LIMITS;

    static {
        Config c = new Config();
        ConfigTable.standard().applyDefaults(c);
        LIMITS = EncodingLimits.of(c);
    }

    private static List<byte[]> realPayloads() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (RealRedis redis = RealRedis.start("--list-max-listpack-size", "5", "--hash-max-listpack-entries", "5",
                "--zset-max-listpack-entries", "5"); RawClient c = new RawClient(redis.port(), 30_000)) {
            for (int j = 0; j < 10; j++) {
                String val = j % 2 == 0 ? Integer.toString(j) : "_" + j;
                if (j < 3) {
                    addAll(c, "", j, val);
                }
                addAll(c, "big", j, val);
            }
            ok(c, "SET", "string", "str");
            ok(c, "INCR", "int");
            ok(c, "SET", "lzf", "abcdefgh".repeat(20));
            for (String k : new String[]{"hash", "list", "zset", "set", "hashbig", "listbig", "zsetbig", "setbig",
                "string", "int", "lzf", "intset"}) {
                out.add(bulk(c.call("DUMP", k)));
            }
        }
        return out;
    }

    private static void addAll(RawClient c, String suffix, int j, String val) throws Exception {
        c.call("HSET", "hash" + suffix, Integer.toString(j), val);
        c.call("LPUSH", "list" + suffix, val);
        c.call("ZADD", "zset" + suffix, Integer.toString(j), val);
        c.call("SADD", "set" + suffix, val);
        c.call("SADD", "intset", Integer.toString(j * 1000));
    }

    private static List<byte[]> oldPayloads() {
        return List.of(
                Blobs.payload(9, RdbFormat.TYPE_LIST_QUICKLIST, 2, Blobs.str(Blobs.ziplist("a", 1, 300, "bcd")),
                        Blobs.str(Blobs.ziplist(7L, "x"))),
                Blobs.payload(9, RdbFormat.TYPE_HASH_ZIPLIST, Blobs.str(Blobs.ziplist("f", "v", "g", 12))),
                Blobs.payload(9, RdbFormat.TYPE_ZSET_ZIPLIST, Blobs.str(Blobs.ziplist("m", "1.5", "n", 2))),
                Blobs.payload(9, RdbFormat.TYPE_HASH_ZIPMAP, Blobs.str(Blobs.zipmap("f", "v", "gg", "ww"))));
    }

    @Test
    void damagedPayloadsAreRejectedOrDecodeToConsistentValues() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        List<byte[]> seeds = new ArrayList<>(realPayloads());
        seeds.addAll(oldPayloads());
        for (byte[] s : seeds) {
            assertRoundTrips(s);
        }
        Random r = new Random(11);
        int[] rejected = new int[1];
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 20000; i++) {
                byte[] p = seeds.get(r.nextInt(seeds.size())).clone();
                int n = r.nextInt(10) == 0 ? 2 : 1;
                for (int k = 0; k < n; k++) {
                    p[r.nextInt(p.length - 10)] = (byte) r.nextInt(256);
                }
                if (!DumpPayload.verify(p, true)) {
                    continue;
                }
                try {
                    Object v = DumpPayload.decode(p, LIMITS);
                    assertRoundTrips(RdbEncoder.dumpPayload(v, true));
                } catch (RdbException e) {
                    rejected[0]++;
                }
            }
        });
        assertTrue(rejected[0] > 5000, "most damage is detected: " + rejected[0]);
    }

    /** Decodes {@code payload} and encodes the value again: the same bytes must come out of a second round. */
    private static void assertRoundTrips(byte[] payload) throws RdbException {
        byte[] once = RdbEncoder.dumpPayload(DumpPayload.decode(payload, LIMITS), true);
        byte[] twice = RdbEncoder.dumpPayload(DumpPayload.decode(once, LIMITS), true);
        assertArrayEquals(once, twice);
    }
}
