package io.redjay.hashes;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded random hash commands sent to a real redis-server and to Redjay, raw replies compared. Thresholds are set
 * low on both so keys convert mid-run. Compact hashes must reply in the same (insertion) order as Redis; for tables,
 * whose order depends on the hash function, HGETALL is compared as sorted pairs and HKEYS/HVALS as sorted elements.
 * Random replies (HRANDFIELD) are compared by shape where they are not deterministic. Skipped without redis-server.
 */
class HashDifferentialTest {
    private static final long SEED = 7_0_15L;
    private static RealRedis redis;
    private static TestServer redjay;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        redis = RealRedis.start("--hash-max-listpack-entries", "16", "--hash-max-listpack-value", "10");
        redjay = TestServer.start("--hash-max-listpack-entries", "16", "--hash-max-listpack-value", "10");
    }

    @AfterAll
    static void stop() {
        if (redjay != null) {
            redjay.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void randomCommandsReplyAsRedis() throws IOException {
        Random r = new Random(SEED);
        try (RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(redjay.port())) {
            a.call("FLUSHALL");
            b.call("FLUSHALL");
            String[] keys = {"h0", "h1", "h2", "str"};
            a.call("SET", "str", "x");
            b.call("SET", "str", "x");
            for (int step = 0; step < 3000; step++) {
                String key = keys[r.nextInt(keys.length)];
                String[] cmd = randomCommand(r, key);
                String expected = a.call(cmd);
                String actual = b.call(cmd);
                String where = "step " + step + ": " + String.join(" ", cmd);
                String name = cmd[0];
                if (name.equals("HGETALL") || name.equals("HKEYS") || name.equals("HVALS")
                        || name.equals("HSCAN")) {
                    boolean table = a.call("OBJECT", "ENCODING", key).contains("hashtable");
                    if (table && name.equals("HSCAN")) {
                        int inner = expected.indexOf('*', 1);
                        assertEquals(expected.substring(0, inner), actual.substring(0, actual.indexOf('*', 1)), where);
                        expected = expected.substring(inner);
                        actual = actual.substring(actual.indexOf('*', 1));
                    }
                    if (table) {
                        int group = name.equals("HKEYS") || name.equals("HVALS") ? 1 : 2;
                        assertEquals(sortedBulks(expected, group), sortedBulks(actual, group), where);
                        continue;
                    }
                }
                if (name.equals("HRANDFIELD") && cmd.length > 2 && !expected.startsWith("-")) {
                    assertEquals(expected.substring(0, expected.indexOf('\r')),
                            actual.substring(0, actual.indexOf('\r')), where);
                    continue;
                }
                assertEquals(expected, actual, where);
            }
            for (String key : keys) {
                assertEquals(a.call("DEBUG", "DIGEST-VALUE", key), b.call("DEBUG", "DIGEST-VALUE", key), key);
                assertEquals(a.call("OBJECT", "ENCODING", key), b.call("OBJECT", "ENCODING", key), key);
            }
        }
    }

    private static String field(Random r) {
        return r.nextInt(8) == 0 ? "long-field-" + r.nextInt(5) : "f" + r.nextInt(24);
    }

    private static String value(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> Integer.toString(r.nextInt(2000) - 1000);
            case 1 -> "9223372036854775" + (800 + r.nextInt(8));
            case 2 -> r.nextInt(100) + "." + r.nextInt(100);
            case 3 -> "a-longer-value-" + r.nextInt(9);
            case 4 -> "";
            default -> "v" + r.nextInt(100);
        };
    }

    private static String[] randomCommand(Random r, String key) {
        String f = field(r);
        return switch (r.nextInt(18)) {
            case 0, 1 -> new String[] {"HSET", key, f, value(r), field(r), value(r)};
            case 2 -> new String[] {"HSETNX", key, f, value(r)};
            case 3 -> new String[] {"HMSET", key, f, value(r)};
            case 4 -> new String[] {"HGET", key, f};
            case 5 -> new String[] {"HMGET", key, f, field(r), field(r)};
            case 6 -> new String[] {"HDEL", key, f, field(r), field(r)};
            case 7 -> new String[] {"HLEN", key};
            case 8 -> new String[] {"HSTRLEN", key, f};
            case 9 -> new String[] {"HEXISTS", key, f};
            case 10 -> new String[] {"HKEYS", key};
            case 11 -> new String[] {"HVALS", key};
            case 12 -> new String[] {"HGETALL", key};
            case 13 -> new String[] {"HINCRBY", key, f, Long.toString(r.nextInt(3) == 0
                    ? Long.MAX_VALUE - r.nextInt(10) : r.nextInt(200) - 100)};
            case 14 -> new String[] {"HINCRBYFLOAT", key, f, r.nextInt(50) + "." + r.nextInt(1000)};
            case 15 -> r.nextBoolean() ? new String[] {"HRANDFIELD", key, Integer.toString(r.nextInt(40) - 20)}
                    : new String[] {"HRANDFIELD", key, Integer.toString(r.nextInt(40) - 20), "WITHVALUES"};
            case 16 -> new String[] {"HSCAN", key, "0", "COUNT", "1000", "MATCH", "f1*"};
            default -> new String[] {"OBJECT", "ENCODING", key};
        };
    }

    /** The bulk strings of a flat array reply, grouped ({@code group} 2 for field-value pairs) and sorted. */
    private static List<String> sortedBulks(String raw, int group) {
        List<String> bulks = new ArrayList<>();
        int pos = raw.indexOf("\r\n") + 2;
        while (pos < raw.length()) {
            int end = raw.indexOf("\r\n", pos);
            int len = Integer.parseInt(raw.substring(pos + 1, end));
            bulks.add(raw.substring(end + 2, end + 2 + len));
            pos = end + 2 + len + 2;
        }
        List<String> grouped = new ArrayList<>();
        for (int i = 0; i < bulks.size(); i += group) {
            grouped.add(String.join("\u0000", bulks.subList(i, i + group)));
        }
        Collections.sort(grouped);
        return grouped;
    }
}
