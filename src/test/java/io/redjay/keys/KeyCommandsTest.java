package io.redjay.keys;

import io.redjay.keyspace.Events;
import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DEL, UNLINK, EXISTS, TYPE, TOUCH, KEYS, SCAN, RANDOMKEY, RENAME(NX), MOVE and COPY, replies checked against Redis. */
class KeyCommandsTest {
    private static final String G = Events.GENERIC + ":";

    @Test
    void delUnlinkExistsTypeTouch() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            assertEquals(":3\r\n", c.call("EXISTS", "a", "a", "nokey", "b"));
            assertEquals(":2\r\n", c.call("TOUCH", "a", "a", "nokey"));
            assertEquals("+string\r\n", c.call("TYPE", "a"));
            assertEquals("+none\r\n", c.call("TYPE", "nokey"));
            assertEquals(":1\r\n", c.call("DEL", "a", "a", "nokey"));
            assertEquals(":1\r\n", c.call("UNLINK", "b", "b"));
            assertEquals(":0\r\n", c.call("EXISTS", "a", "b"));
            assertEquals("-ERR wrong number of arguments for 'del' command\r\n", c.call("DEL"));
            assertEquals("-ERR wrong number of arguments for 'exists' command\r\n", c.call("EXISTS"));
            assertEquals("-ERR wrong number of arguments for 'type' command\r\n", c.call("TYPE", "a", "b"));
        }
    }

    @Test
    void keysMatchesGlobs() throws Exception {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            for (String k : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "foo:1", "foo:2", "")) {
                j.set(k, "v");
            }
            assertEquals(Set.of("hello", "hallo", "hxllo"), j.keys("h?llo"));
            assertEquals(Set.of("hello", "hallo"), j.keys("h[ae]llo"));
            assertEquals(Set.of("hallo", "hxllo"), j.keys("h[^e]llo"));
            assertEquals(Set.of("hello", "hallo", "hxllo", "hllo", "heeeello"), j.keys("h*llo"));
            assertEquals(Set.of("foo:1", "foo:2"), j.keys("foo:*"));
            assertEquals(8, j.keys("*").size());
            assertEquals(7, j.keys("**").size());
            assertEquals(Set.of(), j.keys("nomatch*"));
        }
    }

    @Test
    void scanVisitsEveryKeyAndReportsCursorAsBulk() throws Exception {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port());
             RawClient c = new RawClient(s.port())) {
            for (int i = 0; i < 1000; i++) {
                j.set("key:" + i, "v");
            }
            j.set("other", "v");
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int calls = 0;
            do {
                ScanResult<String> r = j.scan(cursor, new ScanParams().match("key:*").count(37));
                seen.addAll(r.getResult());
                cursor = r.getCursor();
                calls++;
            } while (!cursor.equals("0"));
            assertEquals(1000, seen.size());
            assertTrue(calls > 5);

            assertEquals("*2\r\n$1\r\n0\r\n*0\r\n", new RawClient(s.port()).call("SCAN", "0", "TYPE", "list",
                    "COUNT", "5000"));
            String typed = c.call("SCAN", "0", "TYPE", "STRING", "COUNT", "5000");
            assertTrue(typed.startsWith("*2\r\n$1\r\n0\r\n*1001\r\n"), typed);
            String step = c.call("SCAN", "0");
            assertTrue(step.startsWith("*2\r\n$"), step);
        }
    }

    @Test
    void scanErrors() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            assertEquals("-ERR invalid cursor\r\n", c.call("SCAN", "abc"));
            assertEquals("-ERR invalid cursor\r\n", c.call("SCAN", " 0"));
            assertEquals("-ERR invalid cursor\r\n", c.call("SCAN", "0 "));
            assertEquals("-ERR invalid cursor\r\n", c.call("SCAN", "-"));
            assertEquals("-ERR invalid cursor\r\n", c.call("SCAN", "18446744073709551616"));
            assertEquals("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n", c.call("SCAN", "+0"));
            assertEquals("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n", c.call("SCAN", ""));
            assertTrue(c.call("SCAN", "18446744073709551615").startsWith("*2\r\n"));
            assertEquals("-ERR syntax error\r\n", c.call("SCAN", "0", "COUNT", "0"));
            assertEquals("-ERR syntax error\r\n", c.call("SCAN", "0", "COUNT", "-9223372036854775808"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("SCAN", "0", "COUNT", "x"));
            assertEquals("-ERR syntax error\r\n", c.call("SCAN", "0", "MATCH"));
            assertEquals("-ERR syntax error\r\n", c.call("SCAN", "0", "TYPE"));
            assertEquals("-ERR syntax error\r\n", c.call("SCAN", "0", "FOO", "bar"));
            assertEquals("-ERR wrong number of arguments for 'scan' command\r\n", c.call("SCAN"));
        }
    }

    @Test
    void scanAndKeysNeverReturnExpiredKeys() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer s = TestServer.start(clock); Jedis j = new Jedis("127.0.0.1", s.port())) {
            for (int i = 0; i < 200; i++) {
                j.set("live:" + i, "v");
                j.set("dead:" + i, "v");
                j.pexpire("dead:" + i, 1000);
            }
            clock.advance(2000);
            Set<String> seen = new TreeSet<>();
            String cursor = "0";
            do {
                ScanResult<String> r = j.scan(cursor);
                seen.addAll(r.getResult());
                cursor = r.getCursor();
            } while (!cursor.equals("0"));
            assertEquals(200, seen.size());
            assertTrue(seen.stream().allMatch(k -> k.startsWith("live:")));
            j.set("dead:x", "v");
            j.pexpire("dead:x", 10);
            clock.advance(20);
            assertEquals(Set.of(), j.keys("dead:*"));
            assertEquals(0, j.exists("dead:x") ? 1 : 0);
            assertEquals("none", j.type("dead:x"));
            assertEquals(0, j.del("dead:x"));
        }
    }

    @Test
    void randomKey() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("$-1\r\n", c.call("RANDOMKEY"));
            c.call("SET", "only", "v");
            assertEquals("$4\r\nonly\r\n", c.call("RANDOMKEY"));
            assertEquals("-ERR wrong number of arguments for 'randomkey' command\r\n", c.call("RANDOMKEY", "x"));
        }
    }

    @Test
    void renameAndRenamenx() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer s = TestServer.start(clock); RawClient c = new RawClient(s.port())) {
            EventRecorder ev = new EventRecorder();
            s.server().keyspace().listener(ev);
            c.call("SET", "a", "1");
            ev.drain();
            assertEquals("+OK\r\n", c.call("RENAME", "a", "a"));
            assertEquals(":0\r\n", c.call("RENAMENX", "a", "a"));
            assertEquals("-ERR no such key\r\n", c.call("RENAME", "nokey", "x"));
            assertEquals("-ERR no such key\r\n", c.call("RENAME", "nokey", "nokey"));
            assertEquals("-ERR no such key\r\n", c.call("RENAMENX", "nokey", "x"));
            c.call("SET", "b", "2");
            ev.drain();
            assertEquals(":0\r\n", c.call("RENAMENX", "a", "b"));
            assertEquals(List.of(), ev.drain());
            c.call("PEXPIRE", "a", "5000");
            ev.drain();
            assertEquals("+OK\r\n", c.call("RENAME", "a", "b"));
            assertEquals(List.of("0:" + G + "rename_from:a", "0:" + G + "rename_to:b"), ev.drain());
            assertEquals("$1\r\n1\r\n", c.call("GET", "b"));
            assertEquals(":5000\r\n", c.call("PTTL", "b"));
            assertEquals(":0\r\n", c.call("EXISTS", "a"));
            assertEquals(":1\r\n", c.call("RENAMENX", "b", "c"));
            assertEquals(":5000\r\n", c.call("PTTL", "c"));
            c.call("SET", "d", "x");
            assertEquals("+OK\r\n", c.call("RENAME", "d", "c"));
            assertEquals(":-1\r\n", c.call("PTTL", "c"));
            clock.advance(6000);
            c.call("SET", "e", "v");
            c.call("PEXPIRE", "e", "10");
            clock.advance(11);
            assertEquals("-ERR no such key\r\n", c.call("RENAME", "e", "f"));
        }
    }

    @Test
    void moveBetweenDatabases() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            EventRecorder ev = new EventRecorder();
            s.server().keyspace().listener(ev);
            c.call("SET", "k", "v");
            c.call("EXPIRE", "k", "100");
            ev.drain();
            assertEquals("-ERR source and destination objects are the same\r\n", c.call("MOVE", "k", "0"));
            assertEquals("-ERR DB index is out of range\r\n", c.call("MOVE", "k", "16"));
            assertEquals("-ERR DB index is out of range\r\n", c.call("MOVE", "k", "-1"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("MOVE", "k", "x"));
            assertEquals("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
                    c.call("MOVE", "k", "99999999999"));
            assertEquals(":0\r\n", c.call("MOVE", "nokey", "1"));
            assertEquals(":1\r\n", c.call("MOVE", "k", "1"));
            assertEquals(List.of("0:" + G + "move_from:k", "1:" + G + "move_to:k"), ev.drain());
            assertEquals(":0\r\n", c.call("EXISTS", "k"));
            c.call("SET", "k", "other");
            assertEquals(":0\r\n", c.call("MOVE", "k", "1"));
            c.call("SELECT", "1");
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));
            assertEquals(":100\r\n", c.call("TTL", "k"));
        }
    }

    @Test
    void copyWithinAndAcrossDatabases() throws Exception {
        try (TestServer s = TestServer.start(new ManualClock()); RawClient c = new RawClient(s.port())) {
            EventRecorder ev = new EventRecorder();
            s.server().keyspace().listener(ev);
            c.call("SET", "b", "3");
            c.call("PEXPIRE", "b", "50000");
            ev.drain();
            assertEquals("-ERR source and destination objects are the same\r\n", c.call("COPY", "b", "b"));
            assertEquals(":1\r\n", c.call("COPY", "b", "c"));
            assertEquals(List.of("0:" + G + "copy_to:c"), ev.drain());
            assertEquals(":50000\r\n", c.call("PTTL", "c"));
            assertEquals(":0\r\n", c.call("COPY", "b", "c"));
            c.call("SET", "b", "4");
            assertEquals("$1\r\n3\r\n", c.call("GET", "c"));
            assertEquals(":1\r\n", c.call("COPY", "b", "c", "REPLACE"));
            assertEquals("$1\r\n4\r\n", c.call("GET", "c"));
            assertEquals(":-1\r\n", c.call("PTTL", "c"));
            assertEquals(":0\r\n", c.call("COPY", "b", "c", "DB", "0"));
            assertEquals("-ERR DB index is out of range\r\n", c.call("COPY", "b", "c", "DB", "16"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.call("COPY", "b", "c", "db", "x"));
            assertEquals("-ERR syntax error\r\n", c.call("COPY", "b", "c", "foo"));
            assertEquals("-ERR syntax error\r\n", c.call("COPY", "b", "c", "db"));
            assertEquals(":0\r\n", c.call("COPY", "nokey", "c"));
            assertEquals(":1\r\n", c.call("COPY", "b", "b", "db", "1"));
            assertEquals(":0\r\n", c.call("COPY", "b", "b", "db", "1"));
            assertEquals(":1\r\n", c.call("COPY", "b", "b", "db", "1", "replace", "replace"));
            c.call("SELECT", "1");
            assertEquals("$1\r\n4\r\n", c.call("GET", "b"));
            assertEquals("-ERR wrong number of arguments for 'copy' command\r\n", c.call("COPY", "b"));
        }
    }

    @Test
    void deleteEmitsDelEventsAndCountsDirty() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            EventRecorder ev = new EventRecorder();
            s.server().keyspace().listener(ev);
            c.call("SET", "x", "1");
            c.call("SET", "y", "1");
            ev.drain();
            long dirty = s.server().keyspace().dirty();
            assertEquals(":2\r\n", c.call("DEL", "x", "y", "z"));
            assertEquals(List.of("0:" + G + "del:x", "0:" + G + "del:y"), ev.drain());
            assertEquals(dirty + 2, s.server().keyspace().dirty());
            assertEquals(":0\r\n", c.call("UNLINK", "x"));
            assertEquals(List.of(), ev.drain());
            assertEquals(dirty + 2, s.server().keyspace().dirty());
        }
    }
}
