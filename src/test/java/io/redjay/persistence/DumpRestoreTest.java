package io.redjay.persistence;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DUMP on one side, RESTORE on the other, in both directions between Redjay and a real Redis 7.0.15, for every type in
 * both encodings: the restored value has the same DEBUG DIGEST-VALUE. RESTORE's errors and options answer as Redis's.
 */
class DumpRestoreTest {
    private static final List<String[]> KEYS = List.of(
            new String[] {"SET", "str", "hello"},
            new String[] {"SET", "int", "12345"},
            new String[] {"SET", "long", "y".repeat(3000)},
            new String[] {"RPUSH", "list", "a", "b", "1", "-2"},
            new String[] {"SADD", "intset", "1", "2", "99999999"},
            new String[] {"SADD", "set", "a", "b"},
            new String[] {"HSET", "hash", "f", "v", "g", "12"},
            new String[] {"ZADD", "zset", "1", "a", "2.5", "b"});

    private static void build(RawClient c) throws Exception {
        for (String[] k : KEYS) {
            c.call(k);
        }
        for (int i = 0; i < 300; i++) {
            c.command("RPUSH", "biglist", "element" + i);
            c.command("SADD", "bigset", "member" + i);
            c.command("HSET", "bighash", "field" + i, "v" + i);
            c.command("ZADD", "bigzset", Integer.toString(i), "m" + i);
        }
        for (int i = 0; i < 1200; i++) {
            c.readReply();
        }
    }

    private static final String[] NAMES = {"str", "int", "long", "list", "intset", "set", "hash", "zset", "biglist",
        "bigset", "bighash", "bigzset"};

    private static byte[] dump(RawClient c, String key) throws Exception {
        byte[] reply = c.call("DUMP", key).getBytes(StandardCharsets.ISO_8859_1);
        int start = new String(reply, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
        return java.util.Arrays.copyOfRange(reply, start, reply.length - 2);
    }

    private static String restore(RawClient c, String key, byte[] payload, String... options) throws Exception {
        byte[][] argv = new byte[4 + options.length][];
        argv[0] = "RESTORE".getBytes(StandardCharsets.US_ASCII);
        argv[1] = key.getBytes(StandardCharsets.US_ASCII);
        argv[2] = "0".getBytes(StandardCharsets.US_ASCII);
        argv[3] = payload;
        for (int i = 0; i < options.length; i++) {
            argv[4 + i] = options[i].getBytes(StandardCharsets.US_ASCII);
        }
        c.command(argv);
        return c.readReply();
    }

    @Test
    void valuesCrossInBothDirections() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis r = RealRedis.start(); TestServer s = TestServer.start();
             RawClient redis = new RawClient(r.port()); RawClient redjay = new RawClient(s.port())) {
            build(redis);
            build(redjay);
            for (String k : NAMES) {
                String digest = redis.call("DEBUG", "DIGEST-VALUE", k);
                assertEquals(digest, redjay.call("DEBUG", "DIGEST-VALUE", k), k);
                assertEquals("+OK\r\n", restore(redjay, "from-redis:" + k, dump(redis, k)), k);
                assertEquals(digest, redjay.call("DEBUG", "DIGEST-VALUE", "from-redis:" + k), k);
                assertEquals("+OK\r\n", restore(redis, "from-redjay:" + k, dump(redjay, k)), k);
                assertEquals(digest, redis.call("DEBUG", "DIGEST-VALUE", "from-redjay:" + k), k);
            }
        }
    }

    @Test
    void errorsAndOptionsAnswerAsRedis() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis r = RealRedis.start(); TestServer s = TestServer.start();
             RawClient redis = new RawClient(r.port()); RawClient redjay = new RawClient(s.port())) {
            for (RawClient c : List.of(redis, redjay)) {
                c.call("SET", "k", "v");
                c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
            }
            byte[] payload = dump(redis, "k");
            byte[] corrupt = payload.clone();
            corrupt[corrupt.length - 1] ^= 1;
            String[][] cases = {{"k"}, {"k2", "REPLACE"}, {"k3", "ABSTTL"}, {"k4", "IDLETIME", "-1"},
                {"k5", "IDLETIME", "10", "FREQ", "3"}, {"k6", "FREQ", "256"}, {"k7", "FREQ", "x"}, {"k8", "BOGUS"},
                {"k9", "IDLETIME", "1000"}, {"k", "REPLACE", "IDLETIME", "5"}};
            for (String[] cs : cases) {
                String[] options = java.util.Arrays.copyOfRange(cs, 1, cs.length);
                assertEquals(restore(redis, cs[0], payload, options), restore(redjay, cs[0], payload, options),
                        String.join(" ", cs));
            }
            assertEquals(restore(redis, "c", corrupt), restore(redjay, "c", corrupt));
            assertEquals(redis.call("RESTORE", "t", "-5", "x"), redjay.call("RESTORE", "t", "-5", "x"));
            assertEquals(redis.call("RESTORE", "t", "abc", "x"), redjay.call("RESTORE", "t", "abc", "x"));
            String idle = redjay.call("OBJECT", "IDLETIME", "k9");
            assertTrue(Long.parseLong(idle.substring(1).trim()) >= 999, idle);
        }
    }
}
