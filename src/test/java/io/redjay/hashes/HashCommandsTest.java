package io.redjay.hashes;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hash commands through Jedis, each behaviour on both encodings: one server keeps small hashes compact
 * (the defaults), the other has {@code hash-max-listpack-entries 0} so every hash is a table from its first field.
 */
class HashCommandsTest {
    private static TestServer compact;
    private static TestServer table;

    @BeforeAll
    static void start() {
        compact = TestServer.start();
        table = TestServer.start("--hash-max-listpack-entries", "0");
    }

    @AfterAll
    static void stop() {
        compact.close();
        table.close();
    }

    private static Jedis client(String encoding) {
        Jedis j = new Jedis("127.0.0.1", (encoding.equals("listpack") ? compact : table).port());
        j.flushAll();
        return j;
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void setGetAndFriends(String enc) {
        try (Jedis j = client(enc)) {
            assertEquals(2L, j.hset("h", Map.of("a", "1", "b", "2")));
            assertEquals(enc, j.objectEncoding("h"));
            assertEquals("hash", j.type("h"));
            assertEquals(1L, j.hset("h", Map.of("a", "10", "c", "3")));
            assertEquals("10", j.hget("h", "a"));
            assertNull(j.hget("h", "zz"));
            assertEquals(Arrays.asList("10", null, "3"), j.hmget("h", "a", "zz", "c"));
            assertEquals(3L, j.hlen("h"));
            assertEquals(2L, j.hstrlen("h", "a"));
            assertEquals(0L, j.hstrlen("h", "zz"));
            assertTrue(j.hexists("h", "b"));
            assertFalse(j.hexists("h", "zz"));
            assertEquals(0L, j.hsetnx("h", "a", "x"));
            assertEquals(1L, j.hsetnx("h", "d", "4"));
            assertEquals("OK", j.hmset("h", Map.of("e", "5")));
            assertEquals(Map.of("a", "10", "b", "2", "c", "3", "d", "4", "e", "5"), j.hgetAll("h"));
            assertEquals(Set.of("a", "b", "c", "d", "e"), j.hkeys("h"));
            assertEquals(Set.of("10", "2", "3", "4", "5"), new HashSet<>(j.hvals("h")));
        }
    }

    @Test
    void compactHashRepliesInInsertionOrder() {
        try (Jedis j = client("listpack")) {
            j.hset("h", "z", "1");
            j.hset("h", "a", "2");
            j.hset("h", "m", "3");
            j.hset("h", "z", "updated");
            assertEquals(List.of("z", "a", "m"), j.hrandfield("h", 10));
            assertEquals(List.of("updated", "2", "3"), j.hvals("h"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void deletingTheLastFieldDeletesTheKey(String enc) {
        try (Jedis j = client(enc)) {
            j.hset("h", Map.of("a", "1", "b", "2"));
            assertEquals(1L, j.hdel("h", "a", "nope"));
            assertTrue(j.exists("h"));
            assertEquals(1L, j.hdel("h", "b", "b"));
            assertFalse(j.exists("h"));
            assertEquals(0L, j.hdel("h", "b"));
            assertEquals(0L, j.hlen("h"));
            assertEquals(Map.of(), j.hgetAll("h"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void counters(String enc) {
        try (Jedis j = client(enc)) {
            assertEquals(5L, j.hincrBy("h", "n", 5));
            assertEquals(-5L, j.hincrBy("h", "n", -10));
            assertEquals(enc, j.objectEncoding("h"));
            j.hset("h", "max", String.valueOf(Long.MAX_VALUE));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.hincrBy("h", "max", 1));
            assertEquals("ERR increment or decrement would overflow", e.getMessage());
            j.hset("h", "s", "abc");
            e = assertThrows(JedisDataException.class, () -> j.hincrBy("h", "s", 1));
            assertEquals("ERR hash value is not an integer", e.getMessage());
            assertEquals(10.5, j.hincrByFloat("h", "f", 10.5));
            assertEquals(10.6, j.hincrByFloat("h", "f", 0.1));
            assertEquals("10.6", j.hget("h", "f"));
            assertEquals(-3.5, j.hincrByFloat("h", "n", 1.5));
            e = assertThrows(JedisDataException.class, () -> j.hincrByFloat("h", "s", 1));
            assertEquals("ERR hash value is not a float", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hrandfieldForms(String enc) {
        try (Jedis j = client(enc)) {
            Map<String, String> content = new HashMap<>();
            for (int i = 0; i < 30; i++) {
                content.put("f" + i, "v" + i);
            }
            j.hset("h", content);
            assertTrue(content.containsKey(j.hrandfield("h")));
            assertEquals(content.keySet(), new HashSet<>(j.hrandfield("h", 30)));
            assertEquals(content.keySet(), new HashSet<>(j.hrandfield("h", 100)));
            for (int count : new int[] {1, 5, 25}) {
                List<String> distinct = j.hrandfield("h", count);
                assertEquals(count, distinct.size());
                assertEquals(count, new HashSet<>(distinct).size());
                assertTrue(content.keySet().containsAll(distinct));
            }
            List<String> repeated = j.hrandfield("h", -100);
            assertEquals(100, repeated.size());
            assertTrue(content.keySet().containsAll(repeated));
            List<Map.Entry<String, String>> withValues = j.hrandfieldWithValues("h", -50);
            assertEquals(50, withValues.size());
            for (Map.Entry<String, String> p : withValues) {
                assertEquals(content.get(p.getKey()), p.getValue());
            }
            assertEquals(List.of(), j.hrandfield("h", 0));
            assertNull(j.hrandfield("missing"));
            assertEquals(List.of(), j.hrandfield("missing", 5));
        }
    }

    @Test
    void negativeCountDrawsAreRoughlyUniform() {
        for (String enc : List.of("listpack", "hashtable")) {
            try (Jedis j = client(enc)) {
                for (int i = 0; i < 10; i++) {
                    j.hset("h", "f" + i, "v");
                }
                Map<String, Integer> counts = new HashMap<>();
                for (String f : j.hrandfield("h", -10000)) {
                    counts.merge(f, 1, Integer::sum);
                }
                assertEquals(10, counts.size());
                for (int c : counts.values()) {
                    assertTrue(c > 800 && c < 1200, enc + " skewed: " + counts);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void hscanVisitsEverythingWithMatchAndCount(String enc) {
        try (Jedis j = client(enc)) {
            Map<String, String> content = new LinkedHashMap<>();
            for (int i = 0; i < 50; i++) {
                content.put((i % 2 == 0 ? "even" : "odd") + i, "v" + i);
            }
            j.hset("h", content);
            Map<String, String> seen = new HashMap<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            int calls = 0;
            do {
                ScanResult<Map.Entry<String, String>> r = j.hscan("h", cursor,
                        new ScanParams().match("even*").count(5));
                for (Map.Entry<String, String> e : r.getResult()) {
                    seen.put(e.getKey(), e.getValue());
                }
                cursor = r.getCursor();
                calls++;
            } while (!cursor.equals("0"));
            assertEquals(25, seen.size());
            seen.forEach((f, v) -> assertEquals(content.get(f), v));
            if (enc.equals("listpack")) {
                assertEquals(1, calls);
            } else {
                assertTrue(calls > 1);
            }
        }
    }

    @Test
    void conversionAtTheConfiguredThresholds() {
        try (Jedis j = client("listpack")) {
            j.configSet("hash-max-listpack-entries", "3");
            try {
                j.hset("h", Map.of("a", "1", "b", "2", "c", "3"));
                assertEquals("listpack", j.objectEncoding("h"));
                j.hset("h", "d", "4");
                assertEquals("hashtable", j.objectEncoding("h"));
                j.hdel("h", "a", "b", "c");
                assertEquals("hashtable", j.objectEncoding("h"));
            } finally {
                j.configSet("hash-max-listpack-entries", "512");
            }
            j.hset("v", "a", "x".repeat(64));
            assertEquals("listpack", j.objectEncoding("v"));
            j.hset("v", "b", "x".repeat(65));
            assertEquals("hashtable", j.objectEncoding("v"));
            j.hset("f", "y".repeat(65), "1");
            assertEquals("hashtable", j.objectEncoding("f"));
            j.hset("i", "a", "1");
            j.hincrByFloat("i", "a", 0.5);
            assertEquals("listpack", j.objectEncoding("i"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "hashtable"})
    void genericKeyCommandsWork(String enc) {
        try (Jedis j = client(enc)) {
            j.hset("h", Map.of("a", "1", "b", "2"));
            assertTrue(j.copy("h", "copy", false));
            j.hset("copy", "a", "changed");
            assertEquals("1", j.hget("h", "a"));
            assertEquals(enc, j.objectEncoding("copy"));
            j.rename("copy", "renamed");
            assertEquals("changed", j.hget("renamed", "a"));
            assertTrue(j.memoryUsage("h") > 0);
            assertEquals(List.of("h"), j.scan("0", new ScanParams().match("h")).getResult());
            assertEquals(Set.of("h", "renamed"),
                    new HashSet<>(j.scan("0", new ScanParams().count(100), "hash").getResult()));
        }
    }
}
