package io.redjay.lists;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exact bytes of list replies: error strings, and the RESP2/RESP3 null forms that differ between commands. */
class ListErrorsRawTest {
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
    void errorStrings() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("FLUSHALL");
            c.call("RPUSH", "l", "a", "b");
            assertEquals("-ERR value is out of range, must be positive\r\n", c.call("LPOP", "l", "-1"));
            assertEquals("-ERR value is out of range, must be positive\r\n", c.call("RPOP", "l", "x"));
            assertEquals("-ERR wrong number of arguments for 'lpop' command\r\n", c.call("LPOP", "l", "1", "2"));
            assertEquals("-ERR no such key\r\n", c.call("LSET", "nokey", "0", "x"));
            assertEquals("-ERR index out of range\r\n", c.call("LSET", "l", "5", "x"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("LSET", "l", "x", "x"));
            assertEquals("-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use"
                    + " negative to start from the end of the list\r\n", c.call("LPOS", "l", "a", "RANK", "0"));
            assertEquals("-ERR COUNT can't be negative\r\n", c.call("LPOS", "l", "a", "COUNT", "-1"));
            assertEquals("-ERR MAXLEN can't be negative\r\n", c.call("LPOS", "l", "a", "MAXLEN", "-1"));
            assertEquals("-ERR syntax error\r\n", c.call("LPOS", "l", "a", "RANK"));
            assertEquals("-ERR syntax error\r\n", c.call("LINSERT", "l", "middle", "a", "b"));
            assertEquals("-ERR syntax error\r\n", c.call("LMOVE", "l", "d", "up", "left"));
            assertEquals("-ERR numkeys should be greater than 0\r\n", c.call("LMPOP", "0", "l", "left"));
            assertEquals("-ERR count should be greater than 0\r\n", c.call("LMPOP", "1", "l", "left", "count", "0"));
            assertEquals("-ERR syntax error\r\n", c.call("LMPOP", "3", "l", "left"));
            assertEquals("-ERR timeout is negative\r\n", c.call("BLPOP", "l", "-1"));
            assertEquals("-ERR timeout is not a float or out of range\r\n", c.call("BLPOP", "l", "x"));
            assertEquals("-ERR wrong number of arguments for 'blpop' command\r\n", c.call("BLPOP", "l"));
            c.call("SET", "s", "v");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    c.call("LMPOP", "2", "nokey", "s", "left"));
        }
    }

    @Test
    void nullsInResp2AndResp3() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("DEL", "nokey");
            assertEquals("$-1\r\n", c.call("LPOP", "nokey"));
            assertEquals("*-1\r\n", c.call("LPOP", "nokey", "1"));
            assertEquals("*-1\r\n", c.call("LMPOP", "1", "nokey", "left"));
            assertEquals("$-1\r\n", c.call("LINDEX", "nokey", "0"));
            assertEquals("$-1\r\n", c.call("LPOS", "nokey", "a"));
            assertEquals("*0\r\n", c.call("LPOS", "nokey", "a", "COUNT", "0"));
            assertEquals("*0\r\n", c.call("LRANGE", "nokey", "0", "-1"));
            assertEquals("$-1\r\n", c.call("RPOPLPUSH", "nokey", "x"));
            assertEquals("*-1\r\n", c.call("BLPOP", "nokey", "0.01"));
            assertEquals("*-1\r\n", c.call("BLMOVE", "nokey", "x", "left", "left", "0.01"));
            c.call("HELLO", "3");
            assertEquals("_\r\n", c.call("LPOP", "nokey"));
            assertEquals("_\r\n", c.call("LPOP", "nokey", "1"));
            assertEquals("_\r\n", c.call("BRPOP", "nokey", "0.01"));
            c.call("RPUSH", "l", "a");
            assertEquals("*0\r\n", c.call("LPOP", "l", "0"));
            assertEquals("*1\r\n$1\r\na\r\n", c.call("LPOP", "l", "1"));
        }
    }

    @Test
    void extremeIndexes() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("DEL", "l");
            c.call("RPUSH", "l", "a", "b", "c");
            assertEquals("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
                    c.call("LRANGE", "l", "-9223372036854775808", "9223372036854775807"));
            assertEquals("$-1\r\n", c.call("LINDEX", "l", "-9223372036854775808"));
            assertEquals(":0\r\n", c.call("LPOS", "l", "a", "RANK", "-9223372036854775808"));
            assertEquals("*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", c.call("RPOP", "l", "9223372036854775807"));
        }
    }
}
