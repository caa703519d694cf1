package io.redjay.introspection;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    private static List<String> titles(String info) {
        List<String> out = new ArrayList<>();
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                out.add(line.substring(2));
            }
        }
        return out;
    }

    private static String field(String info, String name) {
        Matcher m = Pattern.compile("(?md)^" + Pattern.quote(name) + ":(.*)\r$").matcher(info);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void defaultAllAndEverythingSelectSectionsInRedisOrder() {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            List<String> defaults = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication",
                    "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
            assertEquals(defaults, titles(j.info()));
            assertEquals(defaults, titles(j.info("default")));
            List<String> all = List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace");
            assertEquals(all, titles(j.info("all")));
            assertEquals(all, titles(j.info("everything")));
            assertFalse(j.info().contains("rejected_calls"));
            assertTrue(j.info("all").contains("rejected_calls"));
        }
    }

    @Test
    void sectionsAreCaseInsensitiveDeduplicatedAndUnknownOnesEmpty() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            String cpu = c.call("INFO", "cpu");
            assertTrue(cpu.startsWith("$"));
            assertTrue(cpu.contains("# CPU\r\nused_cpu_sys:"));
            assertFalse(cpu.contains("used_memory"));
            assertTrue(c.call("INFO", "commandSTATS").contains("rejected_calls"));
            assertEquals("$0\r\n\r\n", c.call("INFO", "sentinel"));
            String twice = c.call("INFO", "cpu", "CPU", "all");
            assertEquals(twice.indexOf("used_cpu_user_children"), twice.lastIndexOf("used_cpu_user_children"));
            String multi = c.call("INFO", "cpu", "server");
            assertTrue(multi.indexOf("# Server") < multi.indexOf("# CPU"), "fixed order, not argument order");
            assertTrue(multi.contains("io_threads_active:0\r\nredjay_version:"));
            assertTrue(multi.contains("\r\n\r\n# CPU\r\n"), "blank line between sections");
        }
    }

    @Test
    void resp3RepliesWithVerbatimText() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("HELLO", "3");
            String r = c.call("INFO", "cluster");
            assertEquals("=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n", r);
        }
    }

    @Test
    void serverSectionFields() {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            String info = j.info("server");
            assertEquals("7.0.15", field(info, "redis_version"));
            assertEquals("standalone", field(info, "redis_mode"));
            assertEquals(String.valueOf(s.port()), field(info, "tcp_port"));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), field(info, "process_id"));
            assertEquals(s.server().runId(), field(info, "run_id"));
            assertEquals("10", field(info, "hz"));
            assertTrue(field(info, "redjay_version").matches("\\d+\\.\\d+\\.\\d+.*"));
            long usec = Long.parseLong(field(info, "server_time_usec"));
            assertTrue(Math.abs(usec / 1000 - System.currentTimeMillis()) < 10_000);
        }
    }

    @Test
    void statsClientsKeyspaceAndMemory() {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port());
             Jedis other = new Jedis("127.0.0.1", s.port())) {
            other.ping();
            j.set("a", "1");
            j.set("b", "2");
            j.expire("b", 100);
            j.select(3);
            j.set("c", "3");
            String info = j.info();
            assertEquals("2", field(info, "connected_clients"));
            assertEquals("10000", field(info, "maxclients"));
            assertEquals("db0:keys=2,expires=1,avg_ttl=0", info.lines().filter(l -> l.startsWith("db0:"))
                    .findFirst().orElse(""));
            assertTrue(info.contains("db3:keys=1,expires=0,avg_ttl=0\r\n"));
            assertTrue(Long.parseLong(field(info, "total_commands_processed")) >= 6);
            assertTrue(Long.parseLong(field(info, "used_memory")) > 0);
            assertTrue(Long.parseLong(field(info, "used_memory_rss")) > 0);
            assertEquals("noeviction", field(info, "maxmemory_policy"));
            assertEquals("0B", field(info, "maxmemory_human"));
            assertEquals("master", field(info, "role"));
            assertEquals(40, field(info, "master_replid").length());
            assertTrue(field(info, "used_cpu_user").matches("\\d+\\.\\d{6}"));
            assertEquals("0", field(info, "loading"));
            assertEquals("0", field(info, "aof_enabled"));
        }
    }

    @Test
    void commandStatsErrorStatsAndLatencyStats() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("SET", "k", "v");
            c.call("GET", "k");
            c.call("GET", "k");
            c.call("CONFIG", "GET", "maxmemory");
            c.call("GET");
            c.call("NOSUCHCMD");
            c.call("INCR", "k");
            String info = c.call("INFO", "commandstats", "errorstats", "latencystats");
            assertTrue(info.matches("(?s).*cmdstat_get:calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,"
                    + "failed_calls=0\r\n.*"), info);
            assertTrue(info.contains("cmdstat_config|get:calls=1,"), info);
            assertTrue(info.matches("(?s).*cmdstat_incr:calls=1,usec=\\d+,usec_per_call=[0-9.]+,rejected_calls=0,"
                    + "failed_calls=1\r\n.*"), info);
            assertTrue(info.contains("errorstat_ERR:count=3\r\n"), info);
            assertTrue(info.matches("(?s).*latency_percentiles_usec_get:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},"
                    + "p99\\.9=\\d+\\.\\d{3}\r\n.*"), info);
            assertFalse(info.contains("latency_percentiles_usec_hello"));
        }
    }
}
