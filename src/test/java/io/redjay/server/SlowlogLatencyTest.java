package io.redjay.server;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlowlogLatencyTest {
    @Test
    void slowlogRecordsEntriesInRedisFormat() throws Exception {
        try (TestServer s = TestServer.start("--slowlog-log-slower-than", "0");
             RawClient c = new RawClient(s.port())) {
            c.call("CLIENT", "SETNAME", "tester");
            assertEquals("+OK\r\n", c.call("SLOWLOG", "RESET"));
            c.call("SET", "k", "v");
            String reply = c.call("SLOWLOG", "GET", "1");
            Pattern p = Pattern.compile("\\*1\r\n\\*6\r\n:\\d+\r\n:\\d+\r\n:\\d+\r\n\\*3\r\n\\$3\r\nSET\r\n\\$1\r\nk\r\n"
                    + "\\$1\r\nv\r\n\\$\\d+\r\n127\\.0\\.0\\.1:\\d+\r\n\\$6\r\ntester\r\n");
            assertTrue(p.matcher(reply).matches(), reply);
            assertTrue(c.call("SLOWLOG", "GET", "-1").startsWith("*3\r\n"));
            assertEquals(":4\r\n", c.call("SLOWLOG", "LEN"));
            assertEquals("*0\r\n", c.call("SLOWLOG", "GET", "0"));
            assertEquals("-ERR count should be greater than or equal to -1\r\n", c.call("SLOWLOG", "GET", "-2"));
            assertEquals("-ERR count should be greater than or equal to -1\r\n", c.call("SLOWLOG", "GET", "x"));
            assertEquals("-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n",
                    c.call("SLOWLOG", "GET", "1", "2"));
            assertEquals("-ERR unknown subcommand 'foo'. Try SLOWLOG HELP.\r\n", c.call("SLOWLOG", "foo"));
            assertTrue(c.call("SLOWLOG", "HELP").startsWith(
                    "*12\r\n+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET [<count>]\r\n"));
        }
    }

    @Test
    void slowlogAndMonitorShowRewrittenCommandsAsTheClientSentThem() throws Exception {
        try (TestServer s = TestServer.start("--slowlog-log-slower-than", "0");
             RawClient c = new RawClient(s.port()); RawClient m = new RawClient(s.port())) {
            assertEquals("+OK\r\n", m.call("MONITOR"));
            c.call("SET", "k", "v", "EX", "100");
            c.call("EXPIRE", "k", "200");
            c.call("INCRBYFLOAT", "f", "1.5");
            c.call("GETEX", "k", "EX", "50");
            c.call("RPUSH", "l", "x");
            c.call("BLPOP", "l", "0");
            String log = c.call("SLOWLOG", "GET", "6");
            for (String sent : new String[] {"BLPOP l 0", "RPUSH l x", "GETEX k EX 50", "INCRBYFLOAT f 1.5",
                    "EXPIRE k 200", "SET k v EX 100"}) {
                StringBuilder argv = new StringBuilder("*" + sent.split(" ").length + "\r\n");
                for (String a : sent.split(" ")) {
                    argv.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
                }
                assertTrue(log.contains(argv), sent + " in " + log);
            }
            StringBuilder monitored = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                monitored.append(m.readReply());
            }
            assertTrue(monitored.toString().contains("\"EXPIRE\" \"k\" \"200\""), monitored.toString());
            assertTrue(monitored.toString().contains("\"INCRBYFLOAT\" \"f\" \"1.5\""), monitored.toString());
            assertTrue(monitored.toString().contains("\"BLPOP\" \"l\" \"0\""), monitored.toString());
        }
    }

    @Test
    void latencyEventsFromDebugSleep() throws Exception {
        try (TestServer s = TestServer.start("--latency-monitor-threshold", "20");
             RawClient c = new RawClient(s.port())) {
            assertEquals("*0\r\n", c.call("LATENCY", "LATEST"));
            assertEquals("-ERR No samples available for event 'command'\r\n", c.call("LATENCY", "GRAPH", "command"));
            assertEquals("+OK\r\n", c.call("DEBUG", "SLEEP", "0.05"));
            String latest = c.call("LATENCY", "LATEST");
            assertTrue(Pattern.compile("\\*1\r\n\\*4\r\n\\$7\r\ncommand\r\n:\\d+\r\n:(\\d+)\r\n:\\d+\r\n")
                    .matcher(latest).matches(), latest);
            assertTrue(c.call("LATENCY", "HISTORY", "command").startsWith("*1\r\n*2\r\n:"));
            assertTrue(c.call("LATENCY", "GRAPH", "command").contains("command - high "));
            assertTrue(c.call("LATENCY", "DOCTOR").contains("command: 1 latency spikes"));
            assertEquals(":1\r\n", c.call("LATENCY", "RESET", "command", "nosuch"));
            assertEquals(":0\r\n", c.call("LATENCY", "RESET"));
            assertEquals("*0\r\n", c.call("LATENCY", "HISTORY", "command"));
            assertEquals("*0\r\n", c.call("LATENCY", "HISTOGRAM", "nosuchcommand"));
            assertTrue(c.call("LATENCY", "HELP").startsWith("*17\r\n+LATENCY <subcommand>"));
        }
    }
}
