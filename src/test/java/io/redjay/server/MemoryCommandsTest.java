package io.redjay.server;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryCommandsTest {
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
