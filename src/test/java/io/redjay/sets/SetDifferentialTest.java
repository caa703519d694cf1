package io.redjay.sets;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded random set commands sent to a real redis-server and to Redjay. Deterministic replies (counts, membership,
 * store results, errors) must match byte for byte; replies whose order is a hash table detail (SMEMBERS, SINTER,
 * SUNION, SDIFF) must match as sorted lists of elements. Skipped where redis-server is not installed.
 */
class SetDifferentialTest {
    private static final String[] KEYS = {"a", "b", "c", "str"};

    @Test
    void randomCommandsMatchRedis() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        Random rnd = new Random(424242L);
        try (RealRedis redis = RealRedis.start(); TestServer redjay = TestServer.start();
             RawClient r = new RawClient(redis.port()); RawClient j = new RawClient(redjay.port())) {
            for (RawClient c : List.of(r, j)) {
                c.call("FLUSHALL");
                c.call("SET", "str", "x");
            }
            for (int op = 0; op < 3000; op++) {
                String[] cmd = command(rnd);
                String expected = r.call(cmd);
                String actual = j.call(cmd);
                String what = "op " + op + ": " + String.join(" ", cmd);
                if (unordered(cmd[0])) {
                    assertEquals(elements(expected), elements(actual), what);
                } else {
                    assertEquals(expected, actual, what);
                }
            }
            for (String k : KEYS) {
                assertEquals(r.call("DEBUG", "DIGEST-VALUE", k), j.call("DEBUG", "DIGEST-VALUE", k), k);
            }
        }
    }

    private static boolean unordered(String name) {
        return List.of("SMEMBERS", "SINTER", "SUNION", "SDIFF").contains(name);
    }

    private static String[] command(Random rnd) {
        String k = KEYS[rnd.nextInt(KEYS.length)];
        String k2 = KEYS[rnd.nextInt(KEYS.length)];
        String m = member(rnd);
        return switch (rnd.nextInt(14)) {
            case 0, 1, 2 -> new String[] {"SADD", k, m, member(rnd), member(rnd)};
            case 3 -> new String[] {"SREM", k, m, member(rnd)};
            case 4 -> new String[] {"SISMEMBER", k, m};
            case 5 -> new String[] {"SMISMEMBER", k, m, member(rnd)};
            case 6 -> new String[] {"SCARD", k};
            case 7 -> new String[] {"SMOVE", k, k2, m};
            case 8 -> new String[] {"SMEMBERS", k};
            case 9 -> new String[] {"SINTER", k, k2};
            case 10 -> new String[] {"SUNION", k, k2, KEYS[rnd.nextInt(KEYS.length)]};
            case 11 -> new String[] {"SDIFF", k, k2};
            case 12 -> new String[] {"SINTERCARD", "2", k, k2, "LIMIT", Integer.toString(rnd.nextInt(4))};
            default -> new String[] {List.of("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE").get(rnd.nextInt(3)),
                    KEYS[rnd.nextInt(3)], k, k2};
        };
    }

    private static String member(Random rnd) {
        return rnd.nextBoolean() ? Integer.toString(rnd.nextInt(40) - 5) : "m" + rnd.nextInt(25);
    }

    /** The reply's elements sorted, with the header kept: an error or integer stays as it is. */
    private static List<String> elements(String raw) {
        List<String> parts = new ArrayList<>(List.of(raw.split("\r\n")));
        if (!parts.get(0).startsWith("*")) {
            return parts;
        }
        String header = parts.remove(0);
        List<String> items = new ArrayList<>();
        for (int i = 0; i + 1 < parts.size(); i += 2) {
            items.add(parts.get(i + 1));
        }
        Collections.sort(items);
        items.add(0, header);
        return items;
    }
}
