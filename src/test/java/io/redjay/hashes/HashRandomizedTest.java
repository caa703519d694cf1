package io.redjay.hashes;

import io.redjay.support.TestServer;
import io.redjay.types.HashValue;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random operations against a {@code java.util.HashMap} model: first on {@link HashValue} directly (many
 * operations, thresholds small enough that hashes cross from compact to table form mid-run), then through the
 * server with Jedis on several keys. A failure prints the seed-determined step so it can be replayed.
 */
class HashRandomizedTest {
    private static final long SEED = 0x5EED_4A54L;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String randomField(Random r) {
        return "f" + r.nextInt(40);
    }

    private static String randomValue(Random r) {
        return r.nextInt(10) == 0 ? "v".repeat(r.nextInt(20)) : "v" + r.nextInt(1000);
    }

    @Test
    void hashValueMatchesModel() {
        Random r = new Random(SEED);
        for (int round = 0; round < 20; round++) {
            HashValue h = new HashValue();
            Map<String, String> model = new HashMap<>();
            long maxEntries = 1 + r.nextInt(30);
            long maxValue = 5 + r.nextInt(15);
            for (int step = 0; step < 1000; step++) {
                String where = "round " + round + " step " + step;
                String f = randomField(r);
                switch (r.nextInt(6)) {
                    case 0, 1 -> {
                        String v = randomValue(r);
                        assertEquals(!model.containsKey(f), h.set(b(f), b(v), maxEntries, maxValue), where);
                        model.put(f, v);
                    }
                    case 2 -> assertEquals(model.remove(f) != null, h.delete(b(f)), where);
                    case 3 -> assertEquals(model.get(f), s(h.get(b(f))), where);
                    case 4 -> assertEquals(model.containsKey(f) ? model.get(f).length() : 0, h.valueLength(b(f)),
                            where);
                    default -> {
                        Map<String, String> all = new HashMap<>();
                        h.forEach((fb, fo, fl, vb, vo, vl) -> all.put(
                                new String(fb, fo, fl, StandardCharsets.ISO_8859_1),
                                new String(vb, vo, vl, StandardCharsets.ISO_8859_1)));
                        assertEquals(model, all, where);
                    }
                }
                assertEquals(model.size(), h.size(), where);
                boolean mustBeTable = model.size() > maxEntries
                        || model.entrySet().stream().anyMatch(e -> e.getValue().length() > maxValue);
                if (mustBeTable) {
                    assertEquals("hashtable", h.encoding(), where);
                }
            }
        }
    }

    @Test
    void serverMatchesModel() {
        Random r = new Random(SEED + 1);
        try (TestServer server = TestServer.start("--hash-max-listpack-entries", "16",
                "--hash-max-listpack-value", "8");
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            Map<String, Map<String, String>> model = new HashMap<>();
            String[] keys = {"k0", "k1", "k2", "k3"};
            for (int step = 0; step < 4000; step++) {
                String key = keys[r.nextInt(keys.length)];
                String f = randomField(r);
                String where = "step " + step;
                Map<String, String> m = model.computeIfAbsent(key, k -> new HashMap<>());
                switch (r.nextInt(10)) {
                    case 0, 1 -> {
                        String v = randomValue(r);
                        String f2 = randomField(r);
                        String v2 = randomValue(r);
                        Map<String, String> pairs = new HashMap<>();
                        pairs.put(f, v);
                        pairs.put(f2, v2);
                        long added = pairs.keySet().stream().filter(x -> !m.containsKey(x)).count();
                        assertEquals(added, j.hset(key, pairs), where);
                        m.putAll(pairs);
                    }
                    case 2 -> {
                        long expected = m.containsKey(f) ? 0 : 1;
                        String v = randomValue(r);
                        assertEquals(expected, j.hsetnx(key, f, v), where);
                        m.putIfAbsent(f, v);
                    }
                    case 3 -> {
                        String g = randomField(r);
                        long expected = (m.remove(f) != null ? 1 : 0) + (!g.equals(f) && m.remove(g) != null ? 1 : 0);
                        assertEquals(expected, j.hdel(key, f, g), where);
                    }
                    case 4 -> {
                        long by = r.nextInt(200) - 100;
                        String old = m.get(f);
                        if (old == null || old.matches("-?[1-9][0-9]*|0")) {
                            long v = (old == null ? 0 : Long.parseLong(old)) + by;
                            assertEquals(v, j.hincrBy(key, f, by), where);
                            m.put(f, Long.toString(v));
                        } else {
                            try {
                                j.hincrBy(key, f, by);
                                throw new AssertionError(where + ": expected an error");
                            } catch (JedisDataException e) {
                                assertEquals("ERR hash value is not an integer", e.getMessage(), where);
                            }
                        }
                    }
                    case 5 -> assertEquals(m.get(f), j.hget(key, f), where);
                    case 6 -> assertEquals(m.size(), j.hlen(key), where);
                    case 7 -> assertEquals(m, j.hgetAll(key), where);
                    case 8 -> {
                        List<String> fields = new ArrayList<>(List.of(f, randomField(r)));
                        List<String> expected = new ArrayList<>();
                        for (String x : fields) {
                            expected.add(m.get(x));
                        }
                        assertEquals(expected, j.hmget(key, fields.toArray(new String[0])), where);
                    }
                    default -> {
                        List<String> drawn = j.hrandfield(key, 3);
                        assertEquals(Math.min(3, m.size()), drawn.size(), where);
                        assertEquals(drawn.size(), new HashSet<>(drawn).size(), where);
                        assertTrue(m.keySet().containsAll(drawn), where);
                    }
                }
                if (m.isEmpty()) {
                    assertEquals(false, j.exists(key), where);
                    assertNull(j.hget(key, f), where);
                }
            }
        }
    }
}
