package io.redjay.zsets;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exact error replies, byte for byte as Redis 7.0 sends them. */
class ZSetErrorsRawTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void zaddOptionErrors() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            assertEquals("-ERR XX and NX options at the same time are not compatible\r\n",
                    c.call("ZADD", "z", "XX", "NX", "1", "a"));
            assertEquals("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n",
                    c.call("ZADD", "z", "GT", "LT", "1", "a"));
            assertEquals("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n",
                    c.call("ZADD", "z", "NX", "GT", "1", "a"));
            assertEquals("-ERR INCR option supports a single increment-element pair\r\n",
                    c.call("ZADD", "z", "INCR", "1", "a", "2", "b"));
            assertEquals("-ERR syntax error\r\n", c.call("ZADD", "z", "1", "a", "2"));
            assertEquals("-ERR value is not a valid float\r\n", c.call("ZADD", "z", "x", "a"));
            assertEquals(":1\r\n", c.call("ZADD", "z", "inf", "a"));
            assertEquals("-ERR resulting score is not a number (NaN)\r\n", c.call("ZINCRBY", "z", "-inf", "a"));
            assertEquals("$3\r\ninf\r\n", c.call("ZSCORE", "z", "a"));
        }
    }

    @Test
    void rangeErrors() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.call("ZADD", "r", "1", "a");
            assertEquals("-ERR min or max is not a float\r\n", c.call("ZRANGEBYSCORE", "r", "(x", "1"));
            assertEquals("-ERR min or max is not a float\r\n", c.call("ZCOUNT", "r", "1", "nan"));
            assertEquals("-ERR min or max not valid string range item\r\n", c.call("ZRANGEBYLEX", "r", "a", "+"));
            assertEquals("-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n",
                    c.call("ZRANGE", "r", "0", "1", "LIMIT", "0", "1"));
            assertEquals("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n",
                    c.call("ZRANGE", "r", "-", "+", "BYLEX", "WITHSCORES"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("ZRANGE", "r", "a", "1"));
            assertEquals("*1\r\n$1\r\na\r\n", c.call("ZRANGEBYSCORE", "r", "-inf", "+inf", "LIMIT", "0", "-1"));
            assertEquals("*0\r\n", c.call("ZRANGEBYSCORE", "r", "-inf", "+inf", "LIMIT", "-1", "5"));
        }
    }

    @Test
    void multiKeyAndPopErrors() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.call("SET", "str", "v");
            assertEquals("-ERR at least 1 input key is needed for 'zunionstore' command\r\n",
                    c.call("ZUNIONSTORE", "d", "0", "a"));
            assertEquals("-ERR weight value is not a float\r\n", c.call("ZUNION", "1", "a", "WEIGHTS", "x"));
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    c.call("ZINTER", "2", "a", "str"));
            assertEquals("-ERR LIMIT can't be negative\r\n", c.call("ZINTERCARD", "1", "a", "LIMIT", "-1"));
            assertEquals("-ERR numkeys should be greater than 0\r\n", c.call("ZMPOP", "0", "a", "MIN"));
            assertEquals("-ERR count should be greater than 0\r\n", c.call("ZMPOP", "1", "a", "MIN", "COUNT", "0"));
            assertEquals("-ERR value is out of range, must be positive\r\n", c.call("ZPOPMIN", "a", "-1"));
            assertEquals("-ERR timeout is not a float or out of range\r\n", c.call("BZPOPMIN", "a", "x"));
            assertEquals("-ERR timeout is negative\r\n", c.call("BZPOPMIN", "a", "-1"));
            assertEquals("*-1\r\n", c.call("ZMPOP", "1", "a", "MIN"));
            assertEquals("*0\r\n", c.call("ZPOPMIN", "a"));
        }
    }

    @Test
    void resp3ShapesNestPairs() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.call("HELLO", "3");
            c.call("ZADD", "p", "1", "a", "2.5", "b");
            assertEquals("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n",
                    c.call("ZRANGE", "p", "0", "-1", "WITHSCORES"));
            assertEquals(",2.5\r\n", c.call("ZSCORE", "p", "b"));
            assertEquals("*2\r\n$1\r\na\r\n,1\r\n", c.call("ZPOPMIN", "p"));
            assertEquals("*1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n", c.call("ZPOPMIN", "p", "1"));
            assertEquals("_\r\n", c.call("ZSCORE", "p", "b"));
        }
    }
}
