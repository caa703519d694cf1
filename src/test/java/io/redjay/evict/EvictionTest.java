package io.redjay.evict;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maxmemory under a write load several times the limit, for each policy: the accounted memory stays at the limit,
 * keys are evicted (counted, notified and never the ones the policy protects), and without an evicting policy writes
 * are refused with Redis's OOM error while reads and deletes go on.
 */
class EvictionTest {
    private static final int VALUE = 1000;
    private static final long LIMIT_ABOVE_START = 2L << 20;

    private static long info(RawClient c, String field) throws IOException {
        String info = c.call("INFO", "everything");
        Matcher m = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(info);
        assertTrue(m.find(), field);
        return Long.parseLong(m.group(1));
    }

    /** Sets maxmemory a little above what the empty server uses, so the load is several times the limit. */
    private static long limitAboveStart(RawClient c) throws IOException {
        long limit = info(c, "used_memory") + LIMIT_ABOVE_START;
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "maxmemory", Long.toString(limit)));
        return limit;
    }

    private static void writeLoad(RawClient c, String prefix, int count, boolean ttl) throws IOException {
        String value = "v".repeat(VALUE);
        for (int i = 0; i < count; i++) {
            if (ttl) {
                c.command("SET", prefix + i, value, "EX", "10000");
            } else {
                c.command("SET", prefix + i, value);
            }
        }
        for (int i = 0; i < count; i++) {
            assertEquals("+OK\r\n", c.readReply(), "write " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"allkeys-lru", "allkeys-lfu", "allkeys-random"})
    void allKeysPoliciesHoldTheLimit(String policy) throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-policy", policy);
             RawClient c = new RawClient(s.port())) {
            long limit = limitAboveStart(c);
            int written = 5 * (int) (LIMIT_ABOVE_START / VALUE);
            writeLoad(c, "k:", written, false);
            long used = info(c, "used_memory");
            assertTrue(used <= limit, "used " + used + " limit " + limit);
            long evicted = info(c, "evicted_keys");
            long keys = Long.parseLong(c.call("DBSIZE").substring(1).trim());
            assertTrue(evicted > 0, "evicted");
            assertEquals(written, keys + evicted, "every key written is either there or evicted");
            assertTrue(keys > 500, "the limit holds a useful share of the keys: " + keys);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"})
    void volatilePoliciesEvictOnlyKeysWithATtl(String policy) throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-policy", policy);
             RawClient c = new RawClient(s.port())) {
            long limit = limitAboveStart(c);
            writeLoad(c, "keep:", 300, false);
            int written = 5 * (int) (LIMIT_ABOVE_START / VALUE);
            writeLoad(c, "ttl:", written, true);
            assertTrue(info(c, "used_memory") <= limit);
            assertTrue(info(c, "evicted_keys") > 0);
            for (int i = 0; i < 300; i++) {
                assertEquals(":1\r\n", c.call("EXISTS", "keep:" + i), "persistent key " + i);
            }
        }
    }

    @Test
    void volatilePolicyWithoutCandidatesRefusesWrites() throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-policy", "volatile-lru");
             RawClient c = new RawClient(s.port())) {
            limitAboveStart(c);
            String value = "v".repeat(VALUE);
            String reply = "+OK\r\n";
            int i = 0;
            while (reply.equals("+OK\r\n") && i < 100_000) {
                reply = c.call("SET", "k" + i++, value);
            }
            assertEquals("-OOM command not allowed when used memory > 'maxmemory'.\r\n", reply);
            assertEquals("$" + VALUE + "\r\n" + value + "\r\n", c.call("GET", "k0"), "reads go on");
        }
    }

    @Test
    void noevictionRefusesWritesAndTransactionsButServesReadsAndDeletes() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            limitAboveStart(c);
            String value = "v".repeat(VALUE);
            String reply = "+OK\r\n";
            int i = 0;
            while (reply.equals("+OK\r\n") && i < 100_000) {
                reply = c.call("SET", "k" + i++, value);
            }
            String oom = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
            assertEquals(oom, reply);
            assertEquals(0, info(c, "evicted_keys"));
            assertEquals("$" + VALUE + "\r\n" + value + "\r\n", c.call("GET", "k0"));
            assertEquals("+PONG\r\n", c.call("PING"));
            assertEquals("+OK\r\n", c.call("MULTI"));
            assertEquals(oom, c.call("GET", "k0"), "nothing is queued while out of memory");
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.call("EXEC"));
            assertEquals(":1\r\n", c.call("DEL", "k0"));
            for (int j = 1; j < 50; j++) {
                c.call("DEL", "k" + j);
            }
            assertEquals("+OK\r\n", c.call("SET", "again", value), "deleting made room");
        }
    }

    @Test
    void evictionsAreNotifiedAsEvictedEvents() throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-policy", "allkeys-random",
                "--notify-keyspace-events", "Ee");
             RawClient sub = new RawClient(s.port()); RawClient c = new RawClient(s.port())) {
            sub.call("SUBSCRIBE", "__keyevent@0__:evicted");
            limitAboveStart(c);
            writeLoad(c, "k:", 5000, false);
            long evicted = info(c, "evicted_keys");
            assertTrue(evicted > 0);
            for (long n = 0; n < evicted; n++) {
                String msg = sub.readReply();
                assertTrue(msg.contains("__keyevent@0__:evicted"), msg);
            }
        }
    }

    @Test
    void loweringMaxmemoryEvictsAtOnce() throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-policy", "allkeys-lru");
             RawClient c = new RawClient(s.port())) {
            long start = info(c, "used_memory");
            writeLoad(c, "k:", 4000, false);
            long limit = start + (1L << 20);
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "maxmemory", Long.toString(limit)));
            assertEquals("+PONG\r\n", c.call("PING"));
            assertTrue(info(c, "used_memory") <= limit);
        }
    }
}
