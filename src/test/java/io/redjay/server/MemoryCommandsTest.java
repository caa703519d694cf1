package io.redjay.server;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import io.redjay.types.MemoryUsage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryCommandsTest {
    @Test
    void allocationFollowsJemallocSizeClasses() {
        assertEquals(8, MemoryUsage.allocation(5));
        assertEquals(32, MemoryUsage.allocation(23));
        assertEquals(64, MemoryUsage.allocation(64));
        assertEquals(160, MemoryUsage.allocation(129));
        assertEquals(256, MemoryUsage.allocation(256));
        assertEquals(320, MemoryUsage.allocation(257));
        assertEquals(20480, MemoryUsage.allocation(16385));
    }

    /** Expected values are what Redis 7.0.15 (jemalloc, 64-bit) replies for the same keys. */
    @Test
    void usageMatchesRedisForStrings() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "foo", "bar");
            c.call("SET", "n", "5");
            c.call("SET", "n2", "123456789012");
            c.call("SET", "e44", "a".repeat(44));
            c.call("SET", "r45", "a".repeat(45));
            c.call("SET", "big", "a".repeat(103));
            assertEquals(":64\r\n", c.call("MEMORY", "USAGE", "foo"));
            assertEquals(":48\r\n", c.call("MEMORY", "USAGE", "n"));
            assertEquals(":48\r\n", c.call("MEMORY", "USAGE", "n2"));
            assertEquals(":96\r\n", c.call("MEMORY", "USAGE", "e44"));
            assertEquals(":112\r\n", c.call("MEMORY", "USAGE", "r45"));
            assertEquals(":160\r\n", c.call("MEMORY", "USAGE", "big", "SAMPLES", "0"));
            assertEquals("$-1\r\n", c.call("MEMORY", "USAGE", "missing"));
            assertEquals("-ERR value is not an integer or out of range\r\n",
                    c.call("MEMORY", "USAGE", "foo", "SAMPLES", "x"));
            assertEquals("-ERR syntax error\r\n", c.call("MEMORY", "USAGE", "foo", "SAMPLES", "-1"));
            assertEquals("-ERR syntax error\r\n", c.call("MEMORY", "USAGE", "foo", "bar"));
        }
    }

    @Test
    void otherSubcommands() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            String stats = c.call("MEMORY", "STATS");
            assertTrue(stats.startsWith("*56\r\n$14\r\npeak.allocated\r\n:"), stats);
            assertTrue(stats.contains("$4\r\ndb.0\r\n*6\r\n$23\r\noverhead.hashtable.main\r\n"));
            assertTrue(stats.contains("$10\r\nkeys.count\r\n:1\r\n"));
            assertEquals("+OK\r\n", c.call("MEMORY", "PURGE"));
            assertEquals("$45\r\nStats not supported for the current allocator\r\n", c.call("MEMORY", "MALLOC-STATS"));
            assertTrue(c.call("MEMORY", "DOCTOR").startsWith("$"));
            assertTrue(c.call("MEMORY", "HELP").startsWith("*14\r\n+MEMORY <subcommand>"));
            assertEquals("-ERR wrong number of arguments for 'memory|usage' command\r\n", c.call("MEMORY", "USAGE"));
        }
    }
}
