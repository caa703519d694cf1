package io.redjay.zsets;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ZParams;
import redis.clients.jedis.resps.Tuple;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sorted sets used the way applications use them, through Jedis. */
class ZSetJedisTest {
    private static TestServer server;
    private Jedis j;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        j = new Jedis("127.0.0.1", server.port());
        j.flushAll();
    }

    @Test
    void leaderboard() {
        j.zadd("board", Map.of("alice", 120.0, "bob", 95.0, "carol", 150.0, "dave", 95.0));
        j.zincrby("board", 40, "bob");
        assertEquals(List.of("carol", "bob", "alice"), j.zrevrange("board", 0, 2));
        assertEquals(0L, j.zrevrank("board", "carol"));
        assertEquals(3L, j.zrevrank("board", "dave"));
        assertEquals(135.0, j.zscore("board", "bob"));
        List<Tuple> top = j.zrevrangeWithScores("board", 0, 0);
        assertEquals(new Tuple("carol", 150.0), top.get(0));
        assertEquals(3L, j.zcount("board", "(100", "+inf"));
        assertEquals(2L, j.zcount("board", "(120", "+inf"));
        assertEquals(1L, j.zremrangeByScore("board", "-inf", "(100"));
        assertEquals(3L, j.zcard("board"));
    }

    @Test
    void timeIndexIntersectedWithTagsKeepingTheLatestTimestamp() {
        j.zadd("events:by-time", 1_700_000_000, "e1");
        j.zadd("events:by-time", 1_700_000_500, "e2");
        j.zadd("events:by-time", 1_700_001_000, "e3");
        j.zadd("tag:error", 0, "e1");
        j.zadd("tag:error", 0, "e3");
        long n = j.zinterstore("recent-errors", new ZParams().aggregate(ZParams.Aggregate.MAX), "events:by-time",
                "tag:error");
        assertEquals(2, n);
        assertEquals(List.of(new Tuple("e1", 1_700_000_000.0), new Tuple("e3", 1_700_001_000.0)),
                j.zrangeWithScores("recent-errors", 0, -1));
        assertEquals(List.of("e3"), j.zrangeByScore("recent-errors", "(1700000000", "+inf"));
        assertEquals(1L, j.zremrangeByScore("events:by-time", "-inf", "1700000000"));
        assertEquals(1L, j.zinterstore("recent-errors", new ZParams().aggregate(ZParams.Aggregate.MAX),
                "events:by-time", "tag:error"));
    }

    @Test
    void unionWithWeightsAndPlainSetsAsInputs() {
        j.zadd("a", Map.of("x", 1.0, "y", 2.0));
        j.zadd("b", Map.of("y", 10.0, "z", 20.0));
        assertEquals(3, j.zunionstore("u", new ZParams().weights(2, 1), "a", "b"));
        assertEquals(14.0, j.zscore("u", "y"));
        assertEquals(List.of("x"), j.zdiff("a", "b"));
        assertEquals(1, j.zintercard("a", "b"));
    }

    @Test
    void lexicographicAutocomplete() {
        for (String w : List.of("apple", "apricot", "banana", "apply", "ape")) {
            j.zadd("words", 0, w);
        }
        assertEquals(List.of("apple", "apply"), j.zrangeByLex("words", "[appl", "(applz"));
        assertEquals(4L, j.zlexcount("words", "[ap", "(aq"));
    }

    @Test
    void errorsAndMissingKeys() {
        j.set("s", "v");
        assertThrows(redis.clients.jedis.exceptions.JedisDataException.class, () -> j.zadd("s", 1, "m"));
        assertNull(j.zscore("none", "m"));
        assertEquals(0L, j.zcard("none"));
        assertTrue(j.zrange("none", 0, -1).isEmpty());
        assertEquals("zset", j.type(j.zadd("t", 1, "m") == 1 ? "t" : "none"));
        assertEquals("listpack", j.objectEncoding("t"));
    }
}
