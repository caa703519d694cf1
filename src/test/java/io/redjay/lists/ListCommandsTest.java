package io.redjay.lists;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.util.KeyValue;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list commands through a real client. Each test runs twice: with the default limit, where the small lists used
 * here are "listpack", and with a 2-entry node limit, where the same lists are "quicklist" chains of many nodes.
 */
class ListCommandsTest {
    private static TestServer server;
    private static Jedis j;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        j = new Jedis("127.0.0.1", server.port());
    }

    @AfterAll
    static void stop() {
        j.close();
        server.close();
    }

    @BeforeEach
    void flush() {
        j.flushAll();
    }

    private static void limit(String fill) {
        j.configSet("list-max-listpack-size", fill);
    }

    private static List<String> range(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("e" + i);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "2"})
    void pushPopAndEncoding(String fill) {
        limit(fill);
        assertEquals(3, j.rpush("l", "a", "b", "c"));
        assertEquals(5, j.lpush("l", "y", "z"));
        assertEquals(List.of("z", "y", "a", "b", "c"), j.lrange("l", 0, -1));
        assertEquals(fill.equals("2") ? "quicklist" : "listpack", j.objectEncoding("l"));
        assertEquals("z", j.lpop("l"));
        assertEquals("c", j.rpop("l"));
        assertEquals(List.of("y", "a"), j.lpop("l", 2));
        assertEquals(List.of("b"), j.rpop("l", 5));
        assertFalse(j.exists("l"));
        assertNull(j.lpop("l"));
        assertNull(j.lpop("l", 3));
        assertEquals(0, j.lpushx("l", "x"));
        assertEquals(0, j.rpushx("l", "x"));
        assertFalse(j.exists("l"));
        assertEquals("list", j.rpush("l", "a") == 1 ? j.type("l") : "");
        limit("-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "2"})
    void indexSetInsertAndRemove(String fill) {
        limit(fill);
        j.rpush("l", range(9).toArray(new String[0]));
        assertEquals("e0", j.lindex("l", 0));
        assertEquals("e8", j.lindex("l", -1));
        assertEquals("e4", j.lindex("l", 4));
        assertNull(j.lindex("l", 9));
        assertEquals("OK", j.lset("l", 4, "mid"));
        assertEquals(10, j.linsert("l", ListPosition.BEFORE, "mid", "before"));
        assertEquals(11, j.linsert("l", ListPosition.AFTER, "mid", "after"));
        assertEquals(-1, j.linsert("l", ListPosition.AFTER, "nope", "x"));
        assertEquals(List.of("e3", "before", "mid", "after", "e5"), j.lrange("l", 3, 7));
        j.rpush("l", "mid", "mid");
        assertEquals(2, j.lrem("l", -2, "mid"));
        assertEquals(1, j.lrem("l", 0, "mid"));
        assertEquals(List.of("e0", "e1", "e2", "e3", "before", "after", "e5", "e6", "e7", "e8"), j.lrange("l", 0, -1));
        assertThrows(Exception.class, () -> j.lset("l", 10, "x"));
        limit("-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "2"})
    void trimAndRanges(String fill) {
        limit(fill);
        j.rpush("l", range(20).toArray(new String[0]));
        assertEquals(range(20).subList(15, 20), j.lrange("l", -5, 100));
        assertEquals(List.of(), j.lrange("l", 10, 5));
        assertEquals("OK", j.ltrim("l", 2, -3));
        assertEquals(range(20).subList(2, 18), j.lrange("l", 0, -1));
        assertEquals("OK", j.ltrim("l", 100, 200));
        assertFalse(j.exists("l"));
        limit("-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "2"})
    void lpos(String fill) {
        limit(fill);
        j.rpush("l", "a", "b", "c", "1", "2", "3", "c", "c");
        assertEquals(2L, j.lpos("l", "c"));
        assertEquals(6L, j.lpos("l", "c", LPosParams.lPosParams().rank(2)));
        assertEquals(7L, j.lpos("l", "c", LPosParams.lPosParams().rank(-1)));
        assertEquals(List.of(2L, 6L, 7L), j.lpos("l", "c", LPosParams.lPosParams(), 0));
        assertEquals(List.of(7L, 6L), j.lpos("l", "c", LPosParams.lPosParams().rank(-1), 2));
        assertEquals(List.of(2L), j.lpos("l", "c", LPosParams.lPosParams().maxlen(4), 0));
        assertNull(j.lpos("l", "zz"));
        limit("-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "2"})
    void moves(String fill) {
        limit(fill);
        j.rpush("src", "a", "b", "c");
        assertEquals("a", j.lmove("src", "dst", ListDirection.LEFT, ListDirection.RIGHT));
        assertEquals("c", j.rpoplpush("src", "dst"));
        assertEquals(List.of("c", "a"), j.lrange("dst", 0, -1));
        assertEquals("b", j.lmove("src", "src", ListDirection.LEFT, ListDirection.RIGHT));
        assertEquals(List.of("b"), j.lrange("src", 0, -1));
        assertEquals("b", j.rpoplpush("src", "dst"));
        assertFalse(j.exists("src"));
        assertNull(j.rpoplpush("src", "dst"));
        KeyValue<String, List<String>> popped = j.lmpop(ListDirection.RIGHT, 2, "nokey", "dst");
        assertEquals("dst", popped.getKey());
        assertEquals(List.of("a", "c"), popped.getValue());
        assertNull(j.lmpop(ListDirection.LEFT, "nokey"));
        limit("-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "1"})
    void copyRenameAndDigestKeepTheList(String fill) {
        limit(fill);
        j.rpush("l", "a", "b", "c");
        j.copy("l", "c", false);
        j.rpush("c", "d");
        assertEquals(List.of("a", "b", "c"), j.lrange("l", 0, -1));
        assertEquals(List.of("a", "b", "c", "d"), j.lrange("c", 0, -1));
        j.rename("c", "r");
        assertEquals(4, j.llen("r"));
        assertTrue(j.memoryUsage("l") > 0);
        limit("-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "3"})
    void largeRangesReadSequentially(String fill) {
        limit(fill);
        List<String> all = range(1000);
        j.rpush("l", all.toArray(new String[0]));
        assertEquals(all.subList(0, 600), j.lrange("l", 0, 599));
        assertEquals(all.subList(400, 1000), j.lrange("l", -600, -1));
        assertEquals(all.subList(100, 200), j.lpop("l", 200).subList(100, 200));
        limit("-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-2", "2"})
    void wrongType(String fill) {
        limit(fill);
        j.set("s", "v");
        assertThrows(Exception.class, () -> j.lpush("s", "a"));
        assertThrows(Exception.class, () -> j.lrange("s", 0, -1));
        assertThrows(Exception.class, () -> j.lpop("s"));
        assertThrows(Exception.class, () -> j.blpop(1, "s"));
        assertEquals("v", j.get("s"));
        limit("-2");
    }
}
