package io.redjay.sets;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of seeded random set operations against Redjay and against {@link HashSet} models, with thresholds
 * lowered so that sets cross every encoding boundary during the run. Random pops are checked for membership in the
 * model and then applied to it, so the two never drift apart.
 */
class SetRandomizedTest {
    private static final String[] KEYS = {"k0", "k1", "k2", "k3"};

    @Test
    void matchesAHashSetModel() {
        Random rnd = new Random(20240607L);
        try (TestServer s = TestServer.start("--set-max-intset-entries", "20", "--set-max-listpack-entries", "12",
                "--set-max-listpack-value", "8"); Jedis j = new Jedis("127.0.0.1", s.port())) {
            Map<String, Set<String>> model = new HashMap<>();
            for (String k : KEYS) {
                model.put(k, new HashSet<>());
            }
            for (int op = 0; op < 6000; op++) {
                String k = KEYS[rnd.nextInt(KEYS.length)];
                String k2 = KEYS[rnd.nextInt(KEYS.length)];
                Set<String> m = model.get(k);
                String member = member(rnd);
                String context = "op " + op + " on " + k;
                switch (rnd.nextInt(12)) {
                    case 0, 1, 2 -> {
                        String[] ms = {member, member(rnd), member(rnd)};
                        long expected = 0;
                        for (String x : ms) {
                            if (m.add(x)) {
                                expected++;
                            }
                        }
                        assertEquals(expected, j.sadd(k, ms), context);
                    }
                    case 3 -> assertEquals(m.remove(member) ? 1 : 0, j.srem(k, member), context);
                    case 4 -> assertEquals(m.contains(member), j.sismember(k, member), context);
                    case 5 -> {
                        String popped = j.spop(k);
                        if (m.isEmpty()) {
                            assertEquals(null, popped, context);
                        } else {
                            assertTrue(m.remove(popped), context);
                        }
                    }
                    case 6 -> {
                        int count = rnd.nextInt(6);
                        Set<String> popped = j.spop(k, count);
                        assertEquals(Math.min(count, m.size()), popped.size(), context);
                        assertTrue(m.containsAll(popped), context);
                        m.removeAll(popped);
                    }
                    case 7 -> {
                        boolean moved = m.remove(member);
                        if (k.equals(k2) && moved) {
                            m.add(member);
                        } else if (moved) {
                            model.get(k2).add(member);
                        }
                        assertEquals(moved ? 1 : 0, j.smove(k, k2, member), context);
                    }
                    case 8 -> {
                        Set<String> expected = new HashSet<>(m);
                        expected.retainAll(model.get(k2));
                        assertEquals(expected, j.sinter(k, k2), context);
                        assertEquals(expected.size(), j.sintercard(k, k2), context);
                    }
                    case 9 -> {
                        Set<String> expected = new HashSet<>(m);
                        expected.addAll(model.get(k2));
                        assertEquals(expected, j.sunion(k, k2), context);
                    }
                    case 10 -> {
                        Set<String> expected = new HashSet<>(m);
                        expected.removeAll(model.get(k2));
                        String dst = KEYS[rnd.nextInt(KEYS.length)];
                        assertEquals(expected.size(), j.sdiffstore(dst, k, k2), context);
                        model.put(dst, expected);
                    }
                    default -> {
                        int count = rnd.nextInt(8) - 3;
                        List<String> got = j.srandmember(k, count);
                        assertTrue(m.containsAll(got), context);
                        assertEquals(count >= 0 ? Math.min(count, m.size()) : (m.isEmpty() ? 0 : -count),
                                got.size(), context);
                    }
                }
                if (op % 50 == 0) {
                    for (String key : KEYS) {
                        assertEquals(model.get(key), j.smembers(key), "op " + op + " contents of " + key);
                        assertEquals(model.get(key).size(), j.scard(key));
                        assertEquals(!model.get(key).isEmpty(), j.exists(key));
                    }
                }
            }
        }
    }

    /** Mostly small integers (intset territory), sometimes short words, sometimes values too long for a listpack. */
    private static String member(Random rnd) {
        int kind = rnd.nextInt(10);
        if (kind < 6) {
            return Integer.toString(rnd.nextInt(60) - 10);
        }
        if (kind < 9) {
            return "w" + rnd.nextInt(30);
        }
        return "long-member-" + rnd.nextInt(10);
    }

    @Test
    void valueLevelModelWithEveryLimitCombination() {
        Random rnd = new Random(7L);
        for (int round = 0; round < 20; round++) {
            io.redjay.types.SetLimits limits = new io.redjay.types.SetLimits(rnd.nextInt(10), rnd.nextInt(10),
                    rnd.nextInt(12));
            io.redjay.types.SetValue set = io.redjay.types.SetValue.empty();
            Set<String> model = new HashSet<>();
            List<String> seenEncodings = new ArrayList<>();
            for (int op = 0; op < 500; op++) {
                String m = member(rnd);
                if (rnd.nextInt(3) > 0) {
                    assertEquals(model.add(m), set.add(SetFixtures.b(m), limits));
                } else {
                    assertEquals(model.remove(m), set.remove(SetFixtures.b(m)));
                }
                assertEquals(model.size(), set.size());
                seenEncodings.add(set.encoding());
            }
            assertEquals(new java.util.TreeSet<>(model), SetFixtures.contents(set), "round " + round);
            assertTrue(seenEncodings.contains("hashtable"));
        }
    }
}
