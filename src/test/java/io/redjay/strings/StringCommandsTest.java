package io.redjay.strings;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.LCSParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.LCSMatchResult;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The string commands through a real client: replies, option handling and type errors. */
class StringCommandsTest {
    private static TestServer server;
    private static Jedis jedis;
    private static int counter;
    private String k;

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
    void freshKey() {
        k = "key" + (++counter);
    }

    private void assertWrongType(Runnable r) {
        JedisDataException e = assertThrows(JedisDataException.class, r::run);
        assertTrue(e.getMessage().startsWith("WRONGTYPE"), e.getMessage());
    }

    private void assertError(String message, Runnable r) {
        JedisDataException e = assertThrows(JedisDataException.class, r::run);
        assertEquals(message, e.getMessage());
    }

    @Test
    void setAndGet() {
        assertNull(jedis.get(k));
        assertEquals("OK", jedis.set(k, "v"));
        assertEquals("v", jedis.get(k));
        assertEquals("OK", jedis.set(k, "w"));
        assertEquals("w", jedis.get(k));
    }

    @Test
    void binarySafeValues() {
        byte[] value = {0, 1, (byte) 0xff, '\r', '\n', 0};
        jedis.set(k.getBytes(), value);
        assertArrayEquals(value, jedis.get(k.getBytes()));
        assertEquals(6L, jedis.strlen(k));
    }

    @Test
    void setNxXx() {
        assertNull(jedis.set(k, "a", SetParams.setParams().xx()));
        assertNull(jedis.get(k));
        assertEquals("OK", jedis.set(k, "a", SetParams.setParams().nx()));
        assertNull(jedis.set(k, "b", SetParams.setParams().nx()));
        assertEquals("a", jedis.get(k));
        assertEquals("OK", jedis.set(k, "c", SetParams.setParams().xx()));
        assertEquals("c", jedis.get(k));
    }

    @Test
    void setGetReturnsOldValue() {
        assertNull(jedis.setGet(k, "a"));
        assertEquals("a", jedis.setGet(k, "b"));
        assertEquals("b", jedis.get(k));
        assertEquals("b", jedis.setGet(k, "c", SetParams.setParams().nx()));
        assertEquals("b", jedis.get(k));
    }

    @Test
    void setGetOnWrongTypeDoesNotOverwrite() throws Exception {
        StringsSupport.putForeign(server, k);
        assertWrongType(() -> jedis.setGet(k, "x"));
        assertWrongType(() -> jedis.get(k));
        assertEquals("OK", jedis.set(k, "x"));
        assertEquals("x", jedis.get(k));
    }

    @Test
    void setnx() {
        assertEquals(1L, jedis.setnx(k, "a"));
        assertEquals(0L, jedis.setnx(k, "b"));
        assertEquals("a", jedis.get(k));
    }

    @Test
    void getsetAndGetdel() {
        assertNull(jedis.getSet(k, "a"));
        assertEquals("a", jedis.getSet(k, "b"));
        assertEquals("b", jedis.getDel(k));
        assertNull(jedis.getDel(k));
        assertNull(jedis.get(k));
    }

    @Test
    void mgetMsetMsetnx() {
        String a = k + "a";
        String b = k + "b";
        assertEquals("OK", jedis.mset(a, "1", b, "2"));
        assertEquals(Arrays.asList("1", "2", null), jedis.mget(a, b, k + "missing"));
        assertEquals(0L, jedis.msetnx(a, "x", k + "c", "3"));
        assertNull(jedis.get(k + "c"));
        assertEquals(1L, jedis.msetnx(k + "c", "3", k + "d", "4"));
        assertEquals(Arrays.asList("3", "4"), jedis.mget(k + "c", k + "d"));
    }

    @Test
    void mgetReturnsNilForWrongType() throws Exception {
        StringsSupport.putForeign(server, k);
        jedis.set(k + "s", "v");
        assertEquals(Arrays.asList(null, "v"), jedis.mget(k, k + "s"));
    }

    @Test
    void appendAndStrlen() {
        assertEquals(0L, jedis.strlen(k));
        assertEquals(5L, jedis.append(k, "hello"));
        assertEquals(11L, jedis.append(k, " world"));
        assertEquals("hello world", jedis.get(k));
        assertEquals(11L, jedis.strlen(k));
    }

    @Test
    void getrangeWithNegativeIndexes() {
        jedis.set(k, "Hello World");
        assertEquals("Hell", jedis.getrange(k, 0, 3));
        assertEquals("rld", jedis.getrange(k, -3, -1));
        assertEquals("Hello World", jedis.getrange(k, 0, -1));
        assertEquals("Hello World", jedis.getrange(k, -100, 100));
        assertEquals("", jedis.getrange(k, -1, -3));
        assertEquals("", jedis.getrange(k, 5, 3));
        assertEquals("", jedis.getrange(k, 100, 200));
        assertEquals("H", jedis.getrange(k, -100, -11));
        assertEquals("", jedis.getrange(k + "missing", 0, -1));
        assertEquals("ell", jedis.substr(k, 1, 3));
    }

    @Test
    void setrange() {
        assertEquals(0L, jedis.setrange(k, 5, ""));
        assertFalse(jedis.exists(k));
        assertEquals(8L, jedis.setrange(k, 5, "abc"));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 'a', 'b', 'c'}, jedis.get(k.getBytes()));
        assertEquals(8L, jedis.setrange(k, 0, "XY"));
        assertEquals(8L, jedis.setrange(k, 3, ""));
        assertArrayEquals(new byte[] {'X', 'Y', 0, 0, 0, 'a', 'b', 'c'}, jedis.get(k.getBytes()));
        assertError("ERR offset is out of range", () -> jedis.setrange(k, -1, "x"));
        assertError("ERR string exceeds maximum allowed size (proto-max-bulk-len)",
                () -> jedis.setrange(k, 536870912, "x"));
    }

    @Test
    void counters() {
        assertEquals(1L, jedis.incr(k));
        assertEquals(11L, jedis.incrBy(k, 10));
        assertEquals(10L, jedis.decr(k));
        assertEquals(-90L, jedis.decrBy(k, 100));
        assertEquals("-90", jedis.get(k));
    }

    @Test
    void counterOverflowAndInvalidValues() {
        jedis.set(k, String.valueOf(Long.MAX_VALUE));
        assertError("ERR increment or decrement would overflow", () -> jedis.incr(k));
        jedis.set(k, String.valueOf(Long.MIN_VALUE));
        assertError("ERR increment or decrement would overflow", () -> jedis.decr(k));
        assertEquals(Long.MIN_VALUE + 1, jedis.incr(k));
        assertError("ERR decrement would overflow", () -> jedis.decrBy(k, Long.MIN_VALUE));
        for (String bad : List.of(" 1", "1 ", "1.5", "007", "-0", "", "abc", "99999999999999999999")) {
            jedis.set(k, bad);
            assertError("ERR value is not an integer or out of range", () -> jedis.incr(k));
            assertEquals(bad, jedis.get(k));
        }
    }

    @Test
    void incrbyfloat() {
        assertEquals(10.5, jedis.incrByFloat(k, 10.5));
        jedis.incrByFloat(k, 0.1);
        assertEquals("10.6", jedis.get(k));
        jedis.set(k, "1.5");
        assertEquals(0.4, jedis.incrByFloat(k, -1.1));
        assertEquals("0.4", jedis.get(k));
        jedis.set(k, "17179869184");
        jedis.incrByFloat(k, 1.5);
        assertEquals("17179869185.5", jedis.get(k));
        jedis.set(k, "abc");
        assertError("ERR value is not a valid float", () -> jedis.incrByFloat(k, 1));
    }

    @Test
    void wrongTypeForEveryStringCommand() throws Exception {
        StringsSupport.putForeign(server, k);
        assertWrongType(() -> jedis.get(k));
        assertWrongType(() -> jedis.getSet(k, "x"));
        assertWrongType(() -> jedis.getDel(k));
        assertWrongType(() -> jedis.getEx(k, redis.clients.jedis.params.GetExParams.getExParams().persist()));
        assertWrongType(() -> jedis.append(k, "x"));
        assertWrongType(() -> jedis.strlen(k));
        assertWrongType(() -> jedis.getrange(k, 0, 1));
        assertWrongType(() -> jedis.setrange(k, 0, "x"));
        assertWrongType(() -> jedis.incr(k));
        assertWrongType(() -> jedis.decrBy(k, 2));
        assertWrongType(() -> jedis.incrByFloat(k, 1.5));
        assertError("ERR The specified keys must contain string values", () -> jedis.lcs(k, k + "x",
                LCSParams.LCSParams()));
        assertTrue(StringsSupport.exists(server, k));
    }

    @Test
    void lcs() {
        jedis.mset(k + "1", "ohmytext", k + "2", "mynewtext");
        assertEquals("mytext", jedis.lcs(k + "1", k + "2", LCSParams.LCSParams()).getMatchString());
        assertEquals(6L, jedis.lcs(k + "1", k + "2", LCSParams.LCSParams().len()).getLen());
        LCSMatchResult r = jedis.lcs(k + "1", k + "2", LCSParams.LCSParams().idx().withMatchLen());
        assertEquals(6L, r.getLen());
        assertEquals(2, r.getMatches().size());
        assertEquals(4L, r.getMatches().get(0).getA().getStart());
        assertEquals(7L, r.getMatches().get(0).getA().getEnd());
        assertEquals(5L, r.getMatches().get(0).getB().getStart());
        assertEquals(8L, r.getMatches().get(0).getB().getEnd());
        assertEquals(4L, r.getMatches().get(0).getMatchLen());
        assertEquals(2L, r.getMatches().get(1).getA().getStart());
        assertEquals(0L, r.getMatches().get(1).getB().getStart());
        r = jedis.lcs(k + "1", k + "2", LCSParams.LCSParams().idx().minMatchLen(4));
        assertEquals(1, r.getMatches().size());
        assertEquals("", jedis.lcs(k + "1", k + "missing", LCSParams.LCSParams()).getMatchString());
        assertError("ERR If you want both the length and indexes, please just use IDX.",
                () -> jedis.lcs(k + "1", k + "2", LCSParams.LCSParams().len().idx()));
    }
}
