package io.redjay.sets;

import io.redjay.keyspace.Database;
import io.redjay.keyspace.KeyspaceListener;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Exact error replies, argument validation order, RESP3 reply types and keyspace events of the set commands. */
class SetErrorsRawTest {
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
    private static final String SYNTAX = "-ERR syntax error\r\n";

    @Test
    void countArgumentsAreValidatedBeforeTheKey() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "str", "v");
            String positive = "-ERR value is out of range, must be positive\r\n";
            assertEquals(positive, c.call("SPOP", "str", "-1"));
            assertEquals(positive, c.call("SPOP", "nokey", "abc"));
            assertEquals(positive, c.call("SPOP", "nokey", "9223372036854775808"));
            assertEquals(SYNTAX, c.call("SPOP", "str", "1", "2"));
            assertEquals(SYNTAX, c.call("SRANDMEMBER", "str", "1", "2"));
            assertEquals(NOT_INTEGER, c.call("SRANDMEMBER", "str", "x"));
            assertEquals("-ERR value is out of range, value must between -9223372036854775807 and "
                    + "9223372036854775807\r\n", c.call("SRANDMEMBER", "nokey", "-9223372036854775808"));
            assertEquals(WRONGTYPE, c.call("SRANDMEMBER", "str", "-9223372036854775807"));
            assertEquals(WRONGTYPE, c.call("SPOP", "str", "0"));
        }
    }

    @Test
    void sintercardArguments() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SADD", "a", "1");
            String numkeys = "-ERR numkeys should be greater than 0\r\n";
            assertEquals(numkeys, c.call("SINTERCARD", "0", "a"));
            assertEquals(numkeys, c.call("SINTERCARD", "x", "a"));
            assertEquals(numkeys, c.call("SINTERCARD", "-3", "a"));
            assertEquals("-ERR Number of keys can't be greater than number of args\r\n",
                    c.call("SINTERCARD", "2", "a"));
            assertEquals(SYNTAX, c.call("SINTERCARD", "1", "a", "b"));
            assertEquals(SYNTAX, c.call("SINTERCARD", "1", "a", "LIMIT"));
            assertEquals("-ERR LIMIT can't be negative\r\n", c.call("SINTERCARD", "1", "a", "LIMIT", "-1"));
            assertEquals("-ERR LIMIT can't be negative\r\n", c.call("SINTERCARD", "1", "a", "LIMIT", "z"));
            assertEquals("-ERR wrong number of arguments for 'sintercard' command\r\n", c.call("SINTERCARD", "1"));
            assertEquals(":1\r\n", c.call("SINTERCARD", "1", "a", "limit", "5"));
        }
    }

    @Test
    void wrongTypeAnywhereFailsMultiKeyCommands() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "str", "v");
            c.call("SADD", "a", "1");
            for (String[] cmd : new String[][] {{"SINTER", "nokey", "str"}, {"SUNION", "a", "str"},
                    {"SDIFF", "nokey", "str"}, {"SINTERSTORE", "d", "a", "str"}, {"SINTERCARD", "2", "nokey", "str"},
                    {"SMOVE", "a", "str", "1"}, {"SMISMEMBER", "str", "x"}, {"SSCAN", "str", "0"}}) {
                assertEquals(WRONGTYPE, c.call(cmd), String.join(" ", cmd));
            }
            assertEquals(":0\r\n", c.call("SMOVE", "nokey", "str", "1"), "a missing source wins over the type");
            assertEquals(":1\r\n", c.call("SCARD", "a"));
        }
    }

    @Test
    void sscanValidatesTheCursorFirstAndOptionsOnlyForExistingKeys() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SADD", "a", "1", "2");
            assertEquals("-ERR invalid cursor\r\n", c.call("SSCAN", "nokey", "x"));
            assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", c.call("SSCAN", "nokey", "0", "COUNT", "x"));
            assertEquals(NOT_INTEGER, c.call("SSCAN", "a", "0", "COUNT", "x"));
            assertEquals(SYNTAX, c.call("SSCAN", "a", "0", "COUNT", "0"));
            assertEquals(SYNTAX, c.call("SSCAN", "a", "0", "TYPE", "set"));
            assertEquals(SYNTAX, c.call("SSCAN", "a", "0", "MATCH"));
            assertEquals("*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.call("SSCAN", "a", "0"));
            assertEquals("*2\r\n$1\r\n0\r\n*1\r\n$1\r\n2\r\n", c.call("SSCAN", "a", "0", "match", "2"));
        }
    }

    @Test
    void resp3ReplyTypes() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("HELLO", "3");
            c.call("SADD", "a", "2", "1");
            assertEquals("~2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.call("SMEMBERS", "a"));
            assertEquals("~0\r\n", c.call("SMEMBERS", "nokey"));
            assertEquals("~0\r\n", c.call("SPOP", "nokey", "1"));
            assertEquals("_\r\n", c.call("SPOP", "nokey"));
            assertEquals("_\r\n", c.call("SRANDMEMBER", "nokey"));
            assertEquals("*0\r\n", c.call("SRANDMEMBER", "nokey", "3"));
            assertEquals("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.call("SRANDMEMBER", "a", "10"));
            assertEquals("~2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.call("SUNION", "a", "nokey"));
            assertEquals("~2\r\n$1\r\n1\r\n$1\r\n2\r\n", c.call("SPOP", "a", "2"));
        }
    }

    @Test
    void keyspaceEvents() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            List<String> events = new ArrayList<>();
            s.server().keyspace().listener(new KeyspaceListener() {
                @Override
                public void keyModified(Database db, byte[] key) {
                }

                @Override
                public synchronized void keyEvent(Database db, int type, String event, byte[] key) {
                    events.add(event + ":" + new String(key, StandardCharsets.UTF_8));
                }

                @Override
                public void keyExpired(Database db, byte[] key) {
                }

                @Override
                public void databaseChanged(Database db) {
                }
            });
            c.call("SADD", "a", "1", "2");
            c.call("SADD", "a", "1");
            c.call("SREM", "a", "1");
            c.call("SMOVE", "a", "b", "2");
            c.call("SADD", "c", "x", "y");
            c.call("SPOP", "c");
            c.call("SPOP", "c", "5");
            c.call("SINTERSTORE", "d", "b", "b");
            c.call("SUNIONSTORE", "e", "b");
            c.call("SDIFFSTORE", "e", "b", "b");
            c.call("SINTERSTORE", "nothing", "missing");
            synchronized (events) {
                assertEquals(List.of("sadd:a", "srem:a", "srem:a", "del:a", "sadd:b", "sadd:c", "spop:c", "spop:c", "del:c",
                        "sinterstore:d", "sunionstore:e", "del:e"), events);
            }
        }
    }
}
