package io.redjay.strings;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact reply bytes of the string commands, errors above all, as Redis 7.0.15 sends them. */
class StringErrorsRawTest {
    private static final String SYNTAX = "-ERR syntax error\r\n";
    private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
    private static TestServer server;
    private static RawClient c;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        c = new RawClient(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
        server.close();
    }

    @Test
    void setOptionConflictsAreSyntaxErrors() throws Exception {
        assertEquals(SYNTAX, c.call("SET", "s", "v", "NX", "XX"));
        assertEquals(SYNTAX, c.call("SET", "s", "v", "XX", "NX"));
        assertEquals(SYNTAX, c.call("SET", "s", "v", "EX", "10", "PX", "10"));
        assertEquals(SYNTAX, c.call("SET", "s", "v", "KEEPTTL", "EX", "10"));
        assertEquals(SYNTAX, c.call("SET", "s", "v", "EX", "10", "KEEPTTL"));
        assertEquals(SYNTAX, c.call("SET", "s", "v", "EX"));
        assertEquals(SYNTAX, c.call("SET", "s", "v", "PERSIST"));
        assertEquals(SYNTAX, c.call("SET", "s", "v", "foo"));
        assertEquals("+OK\r\n", c.call("SET", "s", "v", "EX", "10", "EX", "20"));
        assertEquals("$1\r\nv\r\n", c.call("SET", "s", "w", "nx", "NX", "GET"));
        assertEquals("$1\r\nv\r\n", c.call("GET", "s"));
    }

    @Test
    void invalidExpireTimes() throws Exception {
        String set = "-ERR invalid expire time in 'set' command\r\n";
        assertEquals(set, c.call("SET", "e", "v", "EX", "0"));
        assertEquals(set, c.call("SET", "e", "v", "EX", "-1"));
        assertEquals(set, c.call("SET", "e", "v", "PX", "0"));
        assertEquals(set, c.call("SET", "e", "v", "EX", "9223372036854775807"));
        assertEquals(set, c.call("SET", "e", "v", "PX", "9223372036854775807"));
        assertEquals(set, c.call("SET", "e", "v", "EXAT", "9223372036854775807"));
        assertEquals("+OK\r\n", c.call("SET", "e", "v", "PXAT", "9223372036854775807"));
        assertEquals(NOT_INTEGER, c.call("SET", "e", "v", "EX", "abc"));
        assertEquals("-ERR invalid expire time in 'setex' command\r\n", c.call("SETEX", "e", "0", "v"));
        assertEquals("-ERR invalid expire time in 'psetex' command\r\n", c.call("PSETEX", "e", "-5", "v"));
        assertEquals(NOT_INTEGER, c.call("SETEX", "e", "1.5", "v"));
        assertEquals("$1\r\nv\r\n", c.call("GET", "e"));
        assertEquals("-ERR invalid expire time in 'getex' command\r\n", c.call("GETEX", "e", "EX", "0"));
    }

    @Test
    void getexOptions() throws Exception {
        c.call("SET", "g", "v");
        assertEquals(SYNTAX, c.call("GETEX", "g", "PERSIST", "EX", "10"));
        assertEquals(SYNTAX, c.call("GETEX", "g", "EX", "10", "PERSIST"));
        assertEquals(SYNTAX, c.call("GETEX", "g", "KEEPTTL"));
        assertEquals(SYNTAX, c.call("GETEX", "g", "NX"));
        assertEquals("$-1\r\n", c.call("GETEX", "missing", "EX", "-1"));
        assertEquals(SYNTAX, c.call("GETEX", "missing", "FOO"));
        assertEquals("$1\r\nv\r\n", c.call("GETEX", "g", "PXAT", "1"));
        assertEquals("$-1\r\n", c.call("GET", "g"));
    }

    @Test
    void msetArityIsCheckedByTheCommand() throws Exception {
        assertEquals("-ERR wrong number of arguments for 'mset' command\r\n", c.call("MSET", "a", "1", "b"));
        assertEquals("-ERR wrong number of arguments for 'msetnx' command\r\n", c.call("MSETNX", "a", "1", "b"));
        assertEquals("$-1\r\n", c.call("GET", "a"));
    }

    @Test
    void counterErrors() throws Exception {
        assertEquals(NOT_INTEGER, c.call("INCRBY", "n", "abc"));
        assertEquals(NOT_INTEGER, c.call("INCRBY", "n", "1.5"));
        assertEquals("-ERR decrement would overflow\r\n", c.call("DECRBY", "n", "-9223372036854775808"));
        assertEquals(":-9223372036854775808\r\n", c.call("INCRBY", "n", "-9223372036854775808"));
        assertEquals("-ERR increment or decrement would overflow\r\n", c.call("DECR", "n"));
    }

    @Test
    void incrbyfloatReplies() throws Exception {
        assertEquals("$4\r\n10.5\r\n", c.call("INCRBYFLOAT", "f", "10.5"));
        assertEquals("$4\r\n10.6\r\n", c.call("INCRBYFLOAT", "f", "0.1"));
        c.call("SET", "g", "5.0e3");
        assertEquals("$4\r\n5200\r\n", c.call("INCRBYFLOAT", "g", "2.0e2"));
        String nanOrInf = "-ERR increment would produce NaN or Infinity\r\n";
        assertEquals(nanOrInf, c.call("INCRBYFLOAT", "f", "inf"));
        assertEquals(nanOrInf, c.call("INCRBYFLOAT", "f", "-Infinity"));
        String notFloat = "-ERR value is not a valid float\r\n";
        assertEquals(notFloat, c.call("INCRBYFLOAT", "f", "nan"));
        assertEquals(notFloat, c.call("INCRBYFLOAT", "f", " 1"));
        assertEquals(notFloat, c.call("INCRBYFLOAT", "f", "1e5000"));
        assertEquals(notFloat, c.call("INCRBYFLOAT", "f", "abc"));
        assertEquals("$4\r\n10.6\r\n", c.call("GET", "f"));
        c.call("SET", "big", "1.7976931348623157e308");
        assertTrue(c.call("INCRBYFLOAT", "big", "1e308").startsWith("$309\r\n27976931348623157"));
    }

    @Test
    void setrangeAndGetrangeErrors() throws Exception {
        assertEquals("-ERR offset is out of range\r\n", c.call("SETRANGE", "r", "-1", "x"));
        assertEquals(NOT_INTEGER, c.call("SETRANGE", "r", "x", "x"));
        assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
                c.call("SETRANGE", "r", "536870912", "x"));
        assertEquals(":0\r\n", c.call("SETRANGE", "r", "536870912", ""));
        assertEquals(NOT_INTEGER, c.call("GETRANGE", "r", "a", "1"));
        assertEquals("$0\r\n\r\n", c.call("GETRANGE", "r", "0", "-1"));
    }

    @Test
    void lcsReplies() throws Exception {
        c.call("MSET", "l1", "ohmytext", "l2", "mynewtext");
        assertEquals("$6\r\nmytext\r\n", c.call("LCS", "l1", "l2"));
        assertEquals(":6\r\n", c.call("LCS", "l1", "l2", "LEN"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*2\r\n"
                + "*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
                + "*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n"
                + "$3\r\nlen\r\n:6\r\n", c.call("LCS", "l1", "l2", "IDX", "WITHMATCHLEN"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n$3\r\nlen\r\n:6\r\n",
                c.call("LCS", "l1", "l2", "IDX", "MINMATCHLEN", "4"));
        assertEquals(SYNTAX, c.call("LCS", "l1", "l2", "MINMATCHLEN"));
        assertEquals(NOT_INTEGER, c.call("LCS", "l1", "l2", "MINMATCHLEN", "x"));
        assertEquals(SYNTAX, c.call("LCS", "l1", "l2", "FOO"));
    }

    @Test
    void lcsIdxIsAMapInResp3() throws Exception {
        try (RawClient r3 = new RawClient(server.port())) {
            r3.call("HELLO", "3");
            r3.call("MSET", "m1", "abc", "m2", "abc");
            assertEquals("%2\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:0\r\n:2\r\n*2\r\n:0\r\n:2\r\n$3\r\nlen\r\n:3\r\n",
                    r3.call("LCS", "m1", "m2", "IDX"));
            assertEquals("_\r\n", r3.call("GET", "nothing"));
        }
    }
}
