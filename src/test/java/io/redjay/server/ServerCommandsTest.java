package io.redjay.server;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerCommandsTest {
    @Test
    void dbsizeFlushdbAndFlushall() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "a", "1");
            c.call("SET", "b", "2");
            c.call("SELECT", "1");
            c.call("SET", "c", "3");
            assertEquals(":1\r\n", c.call("DBSIZE"));
            long dirty = s.server().keyspace().dirty();
            assertEquals("+OK\r\n", c.call("FLUSHDB"));
            assertEquals(dirty + 1, s.server().keyspace().dirty());
            assertEquals(":0\r\n", c.call("DBSIZE"));
            c.call("SELECT", "0");
            assertEquals(":2\r\n", c.call("DBSIZE"));
            assertEquals("+OK\r\n", c.call("FLUSHALL", "async"));
            assertEquals(":0\r\n", c.call("DBSIZE"));
            assertEquals("+OK\r\n", c.call("FLUSHALL", "SYNC"));
            assertEquals("-ERR syntax error\r\n", c.call("FLUSHDB", "x"));
            assertEquals("-ERR syntax error\r\n", c.call("FLUSHALL", "async", "x"));
            assertEquals("-ERR wrong number of arguments for 'dbsize' command\r\n", c.call("DBSIZE", "x"));
        }
    }

    @Test
    void swapdbSwapsContentsAndValidatesIndexes() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "zero");
            assertEquals("+OK\r\n", c.call("SWAPDB", "0", "5"));
            assertEquals("$-1\r\n", c.call("GET", "k"));
            c.call("SELECT", "5");
            assertEquals("$4\r\nzero\r\n", c.call("GET", "k"));
            assertEquals("+OK\r\n", c.call("SWAPDB", "5", "5"));
            assertEquals("-ERR invalid first DB index\r\n", c.call("SWAPDB", "a", "1"));
            assertEquals("-ERR invalid second DB index\r\n", c.call("SWAPDB", "1", "99999999999"));
            assertEquals("-ERR DB index is out of range\r\n", c.call("SWAPDB", "0", "16"));
            assertEquals("-ERR DB index is out of range\r\n", c.call("SWAPDB", "-1", "0"));
        }
    }

    @Test
    void timeAndLastsave() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            String reply = c.call("TIME");
            java.util.regex.Matcher m = Pattern.compile("\\*2\r\n\\$\\d+\r\n(\\d+)\r\n\\$\\d+\r\n(\\d+)\r\n")
                    .matcher(reply);
            assertTrue(m.matches(), reply);
            assertTrue(Math.abs(Long.parseLong(m.group(1)) - System.currentTimeMillis() / 1000) <= 2);
            assertTrue(Long.parseLong(m.group(2)) < 1_000_000);
            assertEquals(":" + s.server().rdb().lastSave() + "\r\n", c.call("LASTSAVE"));
        }
    }

    @Test
    void shutdownArgumentErrors() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("-ERR No shutdown in progress.\r\n", c.call("SHUTDOWN", "ABORT"));
            assertEquals("-ERR syntax error\r\n", c.call("SHUTDOWN", "foo"));
            assertEquals("-ERR syntax error\r\n", c.call("SHUTDOWN", "NOSAVE", "SAVE"));
            assertEquals("-ERR syntax error\r\n", c.call("SHUTDOWN", "ABORT", "NOW"));
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void shutdownStopsTheServer() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.command("SHUTDOWN", "NOSAVE", "NOW");
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void monitorShowsCommandsOfEveryClientIncludingItself() throws Exception {
        try (TestServer s = TestServer.start(); RawClient m = new RawClient(s.port());
             RawClient c = new RawClient(s.port())) {
            assertEquals("+OK\r\n", m.call("MONITOR"));
            c.call("SELECT", "2");
            c.call("SET", "k", "a\"b\n");
            c.call("CONFIG", "GET", "port");
            c.call("nosuchcommand");
            c.call("GET", "k");
            Pattern line = Pattern.compile("\\+\\d+\\.\\d{6} \\[(\\d+) 127\\.0\\.0\\.1:\\d+\\] (.*)\r\n");
            String first = m.readReply();
            java.util.regex.Matcher x = line.matcher(first);
            assertTrue(x.matches(), first);
            assertEquals("2", x.group(1));
            assertEquals("\"SELECT\" \"2\"", x.group(2));
            x = line.matcher(m.readReply());
            assertTrue(x.matches());
            assertEquals("\"SET\" \"k\" \"a\\\"b\\n\"", x.group(2));
            x = line.matcher(m.readReply());
            assertTrue(x.matches());
            assertEquals("\"GET\" \"k\"", x.group(2));
            m.command("PING");
            assertEquals("+PONG\r\n", m.readReply());
            x = line.matcher(m.readReply());
            assertTrue(x.matches());
            assertEquals("\"PING\"", x.group(2));
        }
    }
}
