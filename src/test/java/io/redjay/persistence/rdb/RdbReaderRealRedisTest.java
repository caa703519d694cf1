package io.redjay.persistence.rdb;

import io.redjay.config.Config;
import io.redjay.config.ConfigTable;
import io.redjay.keyspace.KeyEntry;
import io.redjay.keyspace.Keyspace;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.types.Digest;
import io.redjay.types.ValueTypes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.redjay.persistence.rdb.RealRedisFixture.bulk;
import static io.redjay.persistence.rdb.RealRedisFixture.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots and DUMP payloads written by a real redis-server 7.0.15, loaded by {@link RdbReader} and
 * {@link DumpPayload}: the loaded keyspace must have Redis's DEBUG DIGEST, per-database sizes and TTLs, each value
 * Redis's DEBUG DIGEST-VALUE and, under the same limits, the encoding Redis gave it. Each run varies the encoding
 * limits and compression so that every value encoding Redis 7.0 writes appears in some file.
 */
class RdbReaderRealRedisTest {
    @BeforeAll
    static void redisInstalled() {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server not installed");
    }

    /** Each case: redis-server arguments, mirrored into Redjay's config for the encoding comparison. */
    private static final Map<String, String[]> CASES = Map.of(
            "defaults", new String[] {},
            "small-limits-uncompressed", new String[] {"--list-max-listpack-size", "4", "--hash-max-listpack-entries",
                "2", "--set-max-intset-entries", "2", "--zset-max-listpack-entries", "2", "--rdbcompression", "no"},
            "no-listpacks", new String[] {"--list-max-listpack-size", "1", "--hash-max-listpack-entries", "0",
                "--zset-max-listpack-entries", "0", "--set-max-intset-entries", "0"},
            "byte-limited-lists", new String[] {"--list-max-listpack-size", "-1", "--hash-max-listpack-value", "4",
                "--zset-max-listpack-value", "4"});

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "small-limits-uncompressed", "no-listpacks", "byte-limited-lists"})
    void snapshotLoadsWithRedisDigestSizesAndTtls(String name) throws Exception {
        String[] args = CASES.get(name);
        Config config = configOf(args);
        try (RealRedis redis = RealRedis.start(args); RawClient c = new RawClient(redis.port(), 30_000)) {
            List<byte[]> keys = RealRedisFixture.populate(c, name.hashCode());
            if (name.equals("byte-limited-lists")) {
                RealRedisFixture.ok(c, "DEBUG", "QUICKLIST-PACKED-THRESHOLD", "1000");
                RealRedisFixture.ok(c, "RPUSH", "list:plain", "p".repeat(5000), "small", "q".repeat(3000));
                keys.add(bytes("list:plain"));
            }
            byte[] rdb = RealRedisFixture.save(c);

            Keyspace ks = new Keyspace(16, System::currentTimeMillis);
            KeyspaceLoader loader = new KeyspaceLoader(ks, true);
            Map<String, byte[]> aux = new HashMap<>();
            RdbReader.Sink sink = new RdbReader.Sink() {
                @Override
                public void aux(String auxName, byte[] value) {
                    aux.put(auxName, value);
                }

                @Override
                public void key(int db, byte[] key, Object value, long expireAtMs, long idle, int freq)
                        throws RdbException {
                    loader.key(db, key, value, expireAtMs, idle, freq);
                }
            };
            long t0 = System.nanoTime();
            int version = new RdbReader(new ByteArrayInputStream(rdb), EncodingLimits.of(config), 16).read(sink);
            long loadMillis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(10, version);
            assertEquals("7.0.15", new String(aux.get("redis-ver")));
            assertTrue(aux.containsKey("ctime") && aux.containsKey("used-mem"), aux.keySet().toString());
            assertTrue(loadMillis < 10_000, "load took " + loadMillis + " ms");

            assertEquals(debugDigest(c), Digest.ofDataset(ks));
            for (int db : new int[] {0, 1, 5}) {
                RealRedisFixture.ok(c, "SELECT", Integer.toString(db));
                assertEquals(":" + ks.db(db).size() + "\r\n", c.call("DBSIZE"), "db " + db);
                assertEquals(Integer.parseInt(c.call("EVAL", "return #redis.call('KEYS','ttl:*') + "
                        + "#redis.call('KEYS','db1:hash')", "0").substring(1).trim()), ks.db(db).expiresSize(),
                        "expires in db " + db);
            }
            RealRedisFixture.ok(c, "SELECT", "0");
            for (String k : new String[] {"ttl:string", "ttl:list"}) {
                KeyEntry e = ks.db(0).peek(bytes(k));
                assertEquals(":" + e.expireAt() + "\r\n", c.call("PEXPIRETIME", k), k);
            }
            for (byte[] key : keys) {
                Object value = ks.db(0).peek(key).value();
                c.command(bytes("OBJECT"), bytes("ENCODING"), key);
                assertEquals(new String(bulk(c.readReply())), expectedEncoding(value), new String(key));
            }
        }
    }

    /**
     * The encoding Redis 7.0 reports for a value Redjay holds in {@code value}'s encoding. Redis 7.0 has neither set
     * nor list listpacks (7.2 added them, and Redjay follows 7.2 there): its small sets are hashtables and its small
     * lists quicklists.
     */
    private static String expectedEncoding(Object value) {
        String enc = ValueTypes.encoding(value);
        if (value instanceof byte[] s) {
            return s.length > 0 && s.length <= 20 && io.redjay.types.Numbers.isValidLong(s) ? "int"
                    : s.length <= 44 ? "embstr" : "raw";
        }
        if (enc.equals("listpack") && ValueTypes.typeName(value).equals("set")) {
            return "hashtable";
        }
        return enc.equals("listpack") && ValueTypes.typeName(value).equals("list") ? "quicklist" : enc;
    }

    @ParameterizedTest
    @ValueSource(strings = {"defaults", "small-limits-uncompressed"})
    void dumpPayloadsDecodeToValuesWithRedisDigests(String name) throws Exception {
        String[] args = CASES.get(name);
        EncodingLimits limits = EncodingLimits.of(configOf(args));
        try (RealRedis redis = RealRedis.start(args); RawClient c = new RawClient(redis.port(), 30_000)) {
            List<byte[]> keys = new ArrayList<>(RealRedisFixture.populate(c, 7));
            keys.add(bytes("big:list"));
            keys.add(bytes("big:set"));
            keys.add(bytes("big:zset"));
            keys.add(bytes("big:hash"));
            for (byte[] key : keys) {
                c.command(bytes("DUMP"), key);
                byte[] payload = bulk(c.readReply());
                assertTrue(DumpPayload.verify(payload, false));
                Object value = DumpPayload.decode(payload, limits);
                Digest d = new Digest();
                d.addValue(value, false);
                c.command(bytes("DEBUG"), bytes("DIGEST-VALUE"), key);
                String reply = c.readReply();
                assertEquals(reply.substring(reply.indexOf('+') + 1).trim(), d.hex(), new String(key));
            }
        }
    }

    private static String debugDigest(RawClient c) throws Exception {
        return c.call("DEBUG", "DIGEST").substring(1).trim();
    }

    static Config configOf(String[] args) {
        Config c = new Config();
        ConfigTable.standard().applyDefaults(c);
        for (int i = 0; i + 1 < args.length; i += 2) {
            long v = args[i + 1].matches("-?\\d+") ? Long.parseLong(args[i + 1]) : 0;
            switch (args[i]) {
                case "--list-max-listpack-size" -> c.listMaxListpackSize = v;
                case "--hash-max-listpack-entries" -> c.hashMaxListpackEntries = v;
                case "--hash-max-listpack-value" -> c.hashMaxListpackValue = v;
                case "--set-max-intset-entries" -> c.setMaxIntsetEntries = v;
                case "--zset-max-listpack-entries" -> c.zsetMaxListpackEntries = v;
                case "--zset-max-listpack-value" -> c.zsetMaxListpackValue = v;
                default -> {
                }
            }
        }
        return c;
    }
}
