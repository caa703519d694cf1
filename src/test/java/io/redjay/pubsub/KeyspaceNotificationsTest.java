package io.redjay.pubsub;

import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keyspace notifications: the payloads a pattern subscriber receives for many commands, compared byte for byte with
 * a real redis-server (where installed), plus the flag masks and the "expired" event from lazy and active expiry.
 */
class KeyspaceNotificationsTest {
    /** Commands whose notifications are compared with Redis; deterministic ones only (no SPOP, no RANDOMKEY). */
    private static final String[][] SCRIPT = {
            {"SET", "foo", "bar"}, {"SET", "foo", "baz", "EX", "100"}, {"EXPIRE", "foo", "200"},
            {"PERSIST", "foo"}, {"PEXPIRE", "foo", "0"}, {"SET", "a", "1"}, {"INCR", "a"},
            {"INCRBYFLOAT", "a", "1.5"}, {"APPEND", "a", "x"}, {"SETRANGE", "a", "0", "zz"}, {"RENAME", "a", "b"},
            {"RENAMENX", "b", "c"}, {"DEL", "c", "nosuch"}, {"LPUSH", "l", "1", "2", "3"}, {"RPUSH", "l", "4"},
            {"LPOP", "l"}, {"RPOP", "l"}, {"LINSERT", "l", "BEFORE", "2", "x"}, {"LSET", "l", "0", "y"},
            {"LTRIM", "l", "0", "0"}, {"LMOVE", "l", "l2", "LEFT", "RIGHT"}, {"HSET", "h", "f", "v", "g", "w"},
            {"HINCRBY", "h", "f2", "1"}, {"HINCRBYFLOAT", "h", "f3", "1.5"}, {"HDEL", "h", "f", "g", "f2", "f3"},
            {"SADD", "s", "a", "b", "c"}, {"SREM", "s", "a"}, {"SMOVE", "s", "s2", "c"},
            {"SINTERSTORE", "s3", "s2", "s2"}, {"ZADD", "z", "1", "a", "2", "b"}, {"ZINCRBY", "z", "1", "a"},
            {"ZREM", "z", "a"}, {"ZREMRANGEBYSCORE", "z", "0", "10"}, {"ZADD", "z", "1", "a", "2", "b", "3", "c"},
            {"ZREMRANGEBYRANK", "z", "0", "0"}, {"ZUNIONSTORE", "z2", "1", "z"}, {"ZPOPMIN", "z2"},
            {"COPY", "z", "z3"}, {"MOVE", "z3", "1"}, {"GETDEL", "z3"}, {"SET", "k", "v"},
            {"GETEX", "k", "EX", "100"}, {"GETEX", "k", "PERSIST"}, {"MSET", "x", "1", "y", "2"},
            {"MSETNX", "x1", "1", "y1", "2"}, {"SETEX", "x2", "10", "v"}, {"EXPIREAT", "x2", "1"},
            {"RPUSH", "sl", "3", "1", "2"}, {"SORT", "sl", "STORE", "st"}, {"UNLINK", "st", "x"},
            {"SWAPDB", "0", "1"}, {"SWAPDB", "0", "1"}, {"FLUSHDB"},
    };

    @Test
    void payloadsMatchRealRedis() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server is not installed");
        try (RealRedis redis = RealRedis.start(); TestServer redjay = TestServer.start()) {
            List<String> expected = record(redis.port());
            List<String> actual = record(redjay.port());
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), "notifications of " + String.join(" ", SCRIPT[i]));
            }
            assertTrue(actual.stream().anyMatch(n -> n.contains("rename_from")), "the script produced events");
        }
    }

    /** Runs the script with notify-keyspace-events KEA and returns, per command, what the subscriber got. */
    private static List<String> record(int port) throws IOException {
        try (RawClient c = new RawClient(port); RawClient sub = new RawClient(port)) {
            c.call("FLUSHALL");
            c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            sub.call("PSUBSCRIBE", "__key*");
            List<String> out = new ArrayList<>();
            for (String[] cmd : SCRIPT) {
                String reply = c.call(cmd);
                out.add(reply + " => " + drain(c, sub));
            }
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
            return out;
        }
    }

    /**
     * What the subscriber received since the last call: publishes a marker on a channel its pattern matches and
     * collects everything before the marker, so no timeout decides when the notifications are complete.
     */
    private static String drain(RawClient c, RawClient sub) throws IOException {
        c.call("PUBLISH", "__keymarker", "end");
        StringBuilder sb = new StringBuilder();
        while (true) {
            String m = sub.readReply();
            if (m.contains("__keymarker")) {
                return sb.toString();
            }
            sb.append(m);
        }
    }

    @Test
    void flagsSelectChannelsAndClasses() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port());
             RawClient sub = new RawClient(s.port())) {
            sub.call("PSUBSCRIBE", "__key*");
            c.call("CONFIG", "SET", "notify-keyspace-events", "Kl");
            c.call("SET", "k", "v");
            c.call("LPUSH", "l", "a");
            assertEquals("*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$16\r\n__keyspace@0__:l\r\n$5\r\nlpush\r\n",
                    drain(c, sub), "K with only list events");
            c.call("CONFIG", "SET", "notify-keyspace-events", "E$");
            c.call("SELECT", "3");
            c.call("APPEND", "k", "v");
            c.call("LPUSH", "l", "a");
            assertEquals("*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$21\r\n__keyevent@3__:append\r\n$1\r\nk\r\n",
                    drain(c, sub), "E with only string events, in database 3");
            c.call("CONFIG", "SET", "notify-keyspace-events", "Em");
            c.call("GET", "missing");
            assertEquals("*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$22\r\n__keyevent@3__:keymiss\r\n$7\r\nmissing\r\n",
                    drain(c, sub));
            c.call("CONFIG", "SET", "notify-keyspace-events", "En");
            c.call("SET", "fresh", "1");
            c.call("SET", "fresh", "2");
            assertEquals("*4\r\n$8\r\npmessage\r\n$6\r\n__key*\r\n$18\r\n__keyevent@3__:new\r\n$5\r\nfresh\r\n",
                    drain(c, sub), "only the first SET creates the key");
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
            c.call("SET", "k", "again");
            assertEquals("", drain(c, sub));
        }
    }

    @Test
    void expiredFiresOnLazyExpiry() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer s = TestServer.start(clock, "--hz", "1"); RawClient c = new RawClient(s.port());
             RawClient sub = new RawClient(s.port())) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
            sub.call("SUBSCRIBE", "__keyevent@0__:expired", "__keymarker");
            sub.readReply();
            c.call("SET", "k", "v", "PX", "100");
            clock.advance(200);
            assertEquals("$-1\r\n", c.call("GET", "k"));
            assertEquals("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$1\r\nk\r\n", drain(c, sub));
        }
    }

    @Test
    void expiredFiresOnActiveExpiry() throws Exception {
        try (TestServer s = TestServer.start("--hz", "100"); RawClient c = new RawClient(s.port());
             RawClient sub = new RawClient(s.port(), 3000)) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "Kx");
            sub.call("SUBSCRIBE", "__keyspace@0__:gone");
            c.call("SET", "gone", "v", "PX", "20");
            assertEquals("*3\r\n$7\r\nmessage\r\n$19\r\n__keyspace@0__:gone\r\n$7\r\nexpired\r\n", sub.readReply(),
                    "nobody reads the key: the active cycle expires it");
        }
    }
}
