package io.redjay.keys;

import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OBJECT subcommands, replies checked against Redis 7.0.15. */
class ObjectCommandTest {
    @Test
    void encodingAndRefcount() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "small", "1");
            c.call("SET", "edge", "9999");
            c.call("SET", "big", "10000");
            c.call("SET", "neg", "-1");
            c.call("SET", "str", "hello");
            c.call("SET", "long", "x".repeat(45));
            assertEquals(":2147483647\r\n", c.call("OBJECT", "REFCOUNT", "small"));
            assertEquals(":2147483647\r\n", c.call("OBJECT", "REFCOUNT", "edge"));
            assertEquals(":1\r\n", c.call("OBJECT", "REFCOUNT", "big"));
            assertEquals(":1\r\n", c.call("OBJECT", "REFCOUNT", "neg"));
            assertEquals(":1\r\n", c.call("OBJECT", "REFCOUNT", "str"));
            assertEquals("$3\r\nint\r\n", c.call("OBJECT", "ENCODING", "small"));
            assertEquals("$6\r\nembstr\r\n", c.call("OBJECT", "ENCODING", "str"));
            assertEquals("$3\r\nraw\r\n", c.call("OBJECT", "encoding", "long"));
            assertEquals("$-1\r\n", c.call("OBJECT", "ENCODING", "nokey"));
            assertEquals("$-1\r\n", c.call("OBJECT", "REFCOUNT", "nokey"));
            assertEquals("$-1\r\n", c.call("OBJECT", "IDLETIME", "nokey"));
            assertEquals("$-1\r\n", c.call("OBJECT", "FREQ", "nokey"));
        }
        try (TestServer s = TestServer.start("--maxmemory", "1gb", "--maxmemory-policy", "allkeys-lru");
             RawClient c = new RawClient(s.port())) {
            c.call("SET", "small", "1");
            assertEquals(":1\r\n", c.call("OBJECT", "REFCOUNT", "small"));
        }
    }

    @Test
    void idletimeIsNotResetByObjectOrTtlButByReads() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer s = TestServer.start(clock); RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            clock.advance(10_500);
            assertEquals(":10\r\n", c.call("OBJECT", "IDLETIME", "k"));
            c.call("TTL", "k");
            c.call("TYPE", "k");
            c.call("EXISTS", "k");
            assertEquals(":10\r\n", c.call("OBJECT", "IDLETIME", "k"));
            c.call("GET", "k");
            assertEquals(":0\r\n", c.call("OBJECT", "IDLETIME", "k"));
            clock.advance(3000);
            c.call("TOUCH", "k");
            assertEquals(":0\r\n", c.call("OBJECT", "IDLETIME", "k"));
            assertEquals("-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
                    + "that when switching between policies at runtime LRU and LFU data will take some time to "
                    + "adjust.\r\n", c.call("OBJECT", "FREQ", "k"));
        }
    }

    @Test
    void lfuPolicySwapsWhichSubcommandIsAvailable() throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-policy", "allkeys-lfu");
             RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            assertEquals(":5\r\n", c.call("OBJECT", "FREQ", "k"));
            assertEquals("-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
                    + "switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n",
                    c.call("OBJECT", "IDLETIME", "k"));
        }
    }

    @Test
    void helpAndArity() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            String help = c.call("OBJECT", "HELP");
            assertTrue(help.startsWith("*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                    + "+ENCODING <key>\r\n"), help);
            assertTrue(help.endsWith("+HELP\r\n+    Prints this help.\r\n"), help);
            assertEquals("-ERR wrong number of arguments for 'object' command\r\n", c.call("OBJECT"));
            assertEquals("-ERR unknown subcommand 'foo'. Try OBJECT HELP.\r\n", c.call("OBJECT", "foo"));
            assertEquals("-ERR wrong number of arguments for 'object|encoding' command\r\n",
                    c.call("OBJECT", "ENCODING"));
            assertEquals("-ERR wrong number of arguments for 'object|encoding' command\r\n",
                    c.call("OBJECT", "ENCODING", "a", "b"));
            assertEquals("-ERR wrong number of arguments for 'object|help' command\r\n",
                    c.call("OBJECT", "HELP", "x"));
        }
    }
}
