package io.redjay.sort;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SortingParams;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SORT and SORT_RO through a real client: the orders (numeric with lexicographic tie-break, ALPHA, DESC), BY keys
 * and hash fields, GET patterns, LIMIT, BY nosort on each type, STORE and the errors. List and set tests run on the
 * compact and on the large encoding.
 */
class SortCommandTest {
    private static TestServer server;
    private static Jedis jedis;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        jedis = new Jedis("127.0.0.1", server.port());
    }

    @AfterAll
    static void stop() {
        jedis.close();
        server.close();
    }

    @BeforeEach
    void flush() {
        jedis.flushAll();
        jedis.configSet("list-max-listpack-size", "-2");
        jedis.configSet("set-max-intset-entries", "512");
        jedis.configSet("zset-max-listpack-entries", "128");
    }

    private static SortingParams p() {
        return new SortingParams();
    }

    @Test
    void numericSortBreaksTiesByElementBytes() {
        jedis.rpush("l", "10", "2", "1e1", "010", "-3", "2.5", " 7");
        assertEquals(List.of("-3", "2", "2.5", " 7", "010", "10", "1e1"), jedis.sort("l"));
        assertEquals(List.of("1e1", "10", "010", " 7", "2.5", "2", "-3"), jedis.sort("l", p().desc()));
        assertEquals(List.of(" 7", "-3", "010", "10", "1e1", "2", "2.5"), jedis.sort("l", p().alpha()));
    }

    @Test
    void badWeightsFailTheNumericSortOnly() {
        jedis.rpush("l", "1", "x", "2");
        JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.sort("l"));
        assertEquals("ERR One or more scores can't be converted into double", e.getMessage());
        assertEquals(List.of("1", "2", "x"), jedis.sort("l", p().alpha()));
        assertThrows(JedisDataException.class, () -> jedis.sort("l", p(), "dst"));
        assertFalse(jedis.exists("dst"));
    }

    @Test
    void weightsFollowStrtod() {
        jedis.rpush("ok", "", "inf", "-inf", "3", "\t4", "5\0junk", "0x10");
        assertEquals(List.of("-inf", "", "3", "\t4", "5\0junk", "0x10", "inf"), jedis.sort("ok"));
        for (String bad : List.of("nan", "1e400", "1e-400", "1e-310", "4 ", "  ", "1e", "-")) {
            jedis.del("b");
            jedis.rpush("b", "1", bad);
            assertThrows(JedisDataException.class, () -> jedis.sort("b"), bad);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 2000})
    void byKeyAndByHashFieldOnLists(int n) {
        jedis.configSet("list-max-listpack-size", "16");
        List<Integer> weights = shuffled(n, 7);
        List<String> expected = new ArrayList<>();
        Pipeline pipe = jedis.pipelined();
        for (int i = 0; i < n; i++) {
            pipe.rpush("l", Integer.toString(i));
            pipe.set("w_" + i, Integer.toString(weights.get(i)));
            pipe.hset("o_" + i, "weight", weights.get(i) + ".5");
            expected.add(null);
        }
        pipe.sync();
        for (int i = 0; i < n; i++) {
            expected.set(weights.get(i), Integer.toString(i));
        }
        assertEquals(expected, jedis.sort("l", p().by("w_*")));
        assertEquals(expected, jedis.sort("l", p().by("o_*->weight")));
        List<String> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        assertEquals(reversed, jedis.sort("l", p().by("w_*").desc()));
        assertEquals(expected.subList(5, 10), jedis.sort("l", p().by("w_*").limit(5, 5)));
        assertEquals(expected.subList(5, 10), jedis.sortReadonly("l", p().by("o_*->weight").limit(5, 5)));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 1000})
    void byKeyOnSets(int n) {
        List<Integer> weights = shuffled(n, 11);
        List<String> expected = new ArrayList<>(Collections.nCopies(n, ""));
        Pipeline pipe = jedis.pipelined();
        for (int i = 0; i < n; i++) {
            pipe.sadd("s", Integer.toString(i));
            pipe.set("w_" + i, Integer.toString(weights.get(i)));
            expected.set(weights.get(i), Integer.toString(i));
        }
        pipe.sync();
        assertEquals(expected, jedis.sort("s", p().by("w_*")));
        List<String> numeric = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            numeric.add(Integer.toString(i));
        }
        assertEquals(numeric, jedis.sort("s"));
    }

    @Test
    void getPatterns() {
        jedis.rpush("l", "1", "2", "3");
        jedis.mset("w_1", "30", "w_2", "10", "w_3", "20", "name_1", "one", "name_3", "three");
        jedis.hset("h_2", "f", "hash-two");
        jedis.set("h_3", "not a hash");
        assertEquals(Arrays.asList("2", null, "hash-two", "3", "three", null, "1", "one", null),
                jedis.sort("l", p().by("w_*").get("#", "name_*", "h_*->f")));
        assertEquals(Arrays.asList(null, null, null), jedis.sort("l", p().get("constant")));
        assertEquals(Arrays.asList(null, null, null), jedis.sort("l", p().get("h_*->")));
    }

    @Test
    void alphaByMissingKeysSortsThemFirst() {
        jedis.rpush("l", "a", "b", "c", "d");
        jedis.mset("n_a", "zeta", "n_c", "alpha");
        assertEquals(List.of("b", "d", "c", "a"), jedis.sort("l", p().by("n_*").alpha()));
        assertEquals(List.of("a", "c", "b", "d"), jedis.sort("l", p().by("n_*").alpha().desc()));
    }

    @Test
    void equalNumericWeightsSortByElement() {
        jedis.rpush("l", "c", "a", "b");
        assertEquals(List.of("a", "b", "c"), jedis.sort("l", p().by("missing_*")));
        assertEquals(List.of("c", "b", "a"), jedis.sort("l", p().by("missing_*").desc()));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 300})
    void noSortKeepsListOrder(int n) {
        jedis.configSet("list-max-listpack-size", "4");
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            elements.add("e" + ((i * 37) % n));
        }
        jedis.rpush("l", elements.toArray(new String[0]));
        assertEquals(elements, jedis.sort("l", p().nosort()));
        List<String> reversed = new ArrayList<>(elements);
        Collections.reverse(reversed);
        assertEquals(reversed, jedis.sort("l", p().nosort().desc()));
        assertEquals(elements.subList(2, 5), jedis.sort("l", p().nosort().limit(2, 3)));
        assertEquals(reversed.subList(2, 5), jedis.sort("l", p().nosort().desc().limit(2, 3)));
        assertEquals(elements.subList(n - 1, n), jedis.sort("l", p().nosort().limit(n - 1, 10)));
        assertEquals(List.of(), jedis.sort("l", p().nosort().limit(n, 10)));
        assertEquals(elements.subList(0, 2), jedis.sort("l", p().nosort().limit(-5, 2)));
        assertEquals(elements, jedis.sort("l", p().nosort().limit(0, -1)));
        assertEquals(List.of(), jedis.sort("l", p().nosort().limit(0, 0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"128", "0"})
    void noSortOnSortedSetsIsScoreOrder(String maxEntries) {
        jedis.configSet("zset-max-listpack-entries", maxEntries);
        jedis.zadd("z", 1, "a");
        jedis.zadd("z", 5, "b");
        jedis.zadd("z", 2, "c");
        jedis.zadd("z", 10, "d");
        jedis.zadd("z", 3, "e");
        assertEquals(List.of("a", "c", "e", "b", "d"), jedis.sort("z", p().nosort()));
        assertEquals(List.of("d", "b", "e", "c", "a"), jedis.sort("z", p().nosort().desc()));
        assertEquals(List.of("c", "e"), jedis.sort("z", p().nosort().limit(1, 2)));
        assertEquals(List.of("b", "e"), jedis.sort("z", p().nosort().desc().limit(1, 2)));
        assertEquals(List.of(), jedis.sort("z", p().nosort().limit(5, 10)));
        assertEquals(List.of("a", "c", "e", "b", "d"), jedis.sort("z", p().nosort().limit(-10, 100)));
        assertEquals(List.of("a", "b", "c", "d", "e"), jedis.sort("z", p().alpha()));
    }

    @Test
    void noSortOnASetWithStoreSortsAlphabetically() {
        jedis.sadd("s", "pear", "apple", "fig", "10", "9");
        assertEquals(5L, jedis.sort("s", p().nosort(), "dst"));
        assertEquals(List.of("10", "9", "apple", "fig", "pear"), jedis.lrange("dst", 0, -1));
        assertEquals(2L, jedis.sort("s", p().nosort().limit(1, 2), "dst"));
        assertEquals(List.of("9", "apple"), jedis.lrange("dst", 0, -1));
    }

    @Test
    void storeReplacesTheDestinationAndItsTtl() {
        jedis.rpush("l", "3", "1", "2");
        jedis.set("dst", "old");
        jedis.expire("dst", 100);
        assertEquals(3L, jedis.sort("l", "dst"));
        assertEquals("list", jedis.type("dst"));
        assertEquals(-1L, jedis.ttl("dst"));
        assertEquals(List.of("1", "2", "3"), jedis.lrange("dst", 0, -1));
        assertEquals(6L, jedis.sort("l", p().get("#", "nothing_*"), "dst"));
        assertEquals(List.of("1", "", "2", "", "3", ""), jedis.lrange("dst", 0, -1));
        assertEquals(0L, jedis.sort("l", p().limit(10, 1), "dst"));
        assertFalse(jedis.exists("dst"));
        assertEquals(0L, jedis.sort("missing", "dst"));
        assertFalse(jedis.exists("dst"));
        assertEquals(3L, jedis.sort("l", p().desc(), "l"));
        assertEquals(List.of("3", "2", "1"), jedis.lrange("l", 0, -1));
    }

    @Test
    void missingKeyIsAnEmptyList() {
        assertEquals(List.of(), jedis.sort("nokey"));
        assertEquals(List.of(), jedis.sortReadonly("nokey", p().by("w_*").get("#").limit(0, 1)));
    }

    @Test
    void errors() {
        jedis.set("str", "x");
        jedis.rpush("l", "1");
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value",
                assertThrows(JedisDataException.class, () -> jedis.sort("str")).getMessage());
        assertEquals("ERR syntax error", assertThrows(JedisDataException.class,
                () -> jedis.sendCommand(() -> "SORT_RO".getBytes(), "l", "STORE", "dst")).getMessage());
        assertEquals("ERR syntax error", assertThrows(JedisDataException.class,
                () -> jedis.sendCommand(() -> "SORT".getBytes(), "str", "foo")).getMessage());
        assertEquals("ERR value is not an integer or out of range", assertThrows(JedisDataException.class,
                () -> jedis.sendCommand(() -> "SORT".getBytes(), "l", "LIMIT", "0", "x")).getMessage());
        assertEquals("ERR syntax error", assertThrows(JedisDataException.class,
                () -> jedis.sendCommand(() -> "SORT".getBytes(), "l", "LIMIT", "0")).getMessage());
    }

    @Test
    void keyPositions() {
        assertEquals(List.of("abc", "def"), jedis.commandGetKeys("sort", "abc", "store", "def"));
        assertEquals(List.of("abc", "def"),
                jedis.commandGetKeys("sort", "abc", "store", "invalid", "store", "stillbad", "store", "def"));
        assertEquals(List.of("abc"), jedis.commandGetKeys("sort", "abc", "get", "store", "limit", "store", "x"));
        assertEquals(List.of("abc"), jedis.commandGetKeys("sort_ro", "abc", "store", "def"));
    }

    /** 0..n-1 in a seeded random order. */
    private static List<Integer> shuffled(int n, long seed) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        Collections.shuffle(out, new java.util.Random(seed));
        assertTrue(out.size() == n);
        return out;
    }
}
