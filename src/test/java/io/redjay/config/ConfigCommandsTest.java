package io.redjay.config;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CONFIG GET/SET/RESETSTAT/REWRITE/HELP; the error strings are the ones redis-server 7.0.15 replies. */
class ConfigCommandsTest {
    @TempDir
    Path dir;

    private static String err(String message) {
        return "-ERR " + message + "\r\n";
    }

    private static String setFailed(String name, String reason) {
        return err("CONFIG SET failed (possibly related to argument '" + name + "') - " + reason);
    }

    @Test
    void getExactPatternsAliasesAndDuplicates() throws Exception {
        try (TestServer s = TestServer.start("--maxmemory", "1mb"); Jedis j = new Jedis("127.0.0.1", s.port());
             RawClient c = new RawClient(s.port())) {
            assertEquals(Map.of("maxmemory", "1048576"), j.configGet("maxmemory"));
            assertEquals("*2\r\n$9\r\nMAXMEMORY\r\n$7\r\n1048576\r\n", c.call("CONFIG", "GET", "MAXMEMORY", "maxmemory"));
            assertEquals(Map.of("hash-max-listpack-entries", "512", "hash-max-ziplist-entries", "512",
                    "hash-max-listpack-value", "64", "hash-max-ziplist-value", "64"), j.configGet("hash-max-*"));
            assertEquals(Map.of("port", "0", "timeout", "0"), j.configGet("port", "timeout", "nosuch"));
            assertEquals("*0\r\n", c.call("CONFIG", "GET", "x*y"));
            assertEquals(192, j.configGet("*").size());
            assertEquals("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                    j.configGet("client-output-buffer-limit").get("client-output-buffer-limit"));
            assertEquals("", j.configGet("save").get("save"));
            assertEquals("yes", j.configGet("enable-debug-command").get("enable-debug-command"));
        }
    }

    @Test
    void getRepliesWithAMapInResp3() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("HELLO", "3");
            assertEquals("%1\r\n$7\r\ntimeout\r\n$1\r\n0\r\n", c.call("CONFIG", "GET", "timeout"));
        }
    }

    @Test
    void setParsesUnitsEnumsAndSpecials() throws Exception {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port())) {
            assertEquals("OK", j.configSet("maxmemory", "1Kb"));
            assertEquals("1024", j.configGet("maxmemory").get("maxmemory"));
            j.configSet("maxmemory", "1k");
            assertEquals(1000, s.server().config().maxmemory);
            j.configSet("maxmemory-policy", "ALLKEYS-LRU");
            assertEquals("allkeys-lru", s.server().config().maxmemoryPolicy);
            j.configSet("save", "100 10 200 20");
            assertEquals("100 10 200 20", j.configGet("save").get("save"));
            j.configSet("notify-keyspace-events", "KEA");
            assertEquals("AKE", j.configGet("notify-keyspace-events").get("notify-keyspace-events"));
            j.configSet("client-output-buffer-limit", "normal 1mb 2mb 3");
            assertEquals("normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                    j.configGet("client-output-buffer-limit").get("client-output-buffer-limit"));
            j.configSet("maxmemory-clients", "10%");
            assertEquals("10%", j.configGet("maxmemory-clients").get("maxmemory-clients"));
            j.configSet("shutdown-on-sigint", "force now");
            assertEquals("now force", j.configGet("shutdown-on-sigint").get("shutdown-on-sigint"));
            j.configSet("hz", "1000");
            assertEquals("500", j.configGet("hz").get("hz"));
            j.configSet("lua-time-limit", "100");
            assertEquals("100", j.configGet("busy-reply-threshold").get("busy-reply-threshold"));
            j.configSet("latency-tracking-info-percentiles", "0.5 99.99999 100");
            assertEquals("0.5 99.99999 100",
                    j.configGet("latency-tracking-info-percentiles").get("latency-tracking-info-percentiles"));
        }
    }

    @Test
    void setErrorsAreRedisErrors() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals(setFailed("databases", "can't set immutable config"), c.call("CONFIG", "SET", "databases", "3"));
            assertEquals(err("Unknown option or number of arguments for CONFIG SET - 'foo'"),
                    c.call("CONFIG", "SET", "foo", "1"));
            assertEquals(setFailed("databases", "can't set immutable config"),
                    c.call("CONFIG", "SET", "databases", "3", "foo", "1"));
            assertEquals(setFailed("maxmemory", "argument must be a memory value"),
                    c.call("CONFIG", "SET", "maxmemory", "1.5mb"));
            assertEquals(setFailed("port", "duplicate parameter"), c.call("CONFIG", "SET", "port", "1", "port", "2"));
            assertEquals(setFailed("maxmemory-policy", "argument(s) must be one of the following: volatile-lru, "
                    + "volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, "
                    + "noeviction"), c.call("CONFIG", "SET", "maxmemory-policy", "foo"));
            assertEquals(setFailed("hz", "argument couldn't be parsed into an integer"),
                    c.call("CONFIG", "SET", "hz", "abc"));
            assertEquals(setFailed("maxclients", "argument must be between 1 and 4294967295 inclusive"),
                    c.call("CONFIG", "SET", "maxclients", "-1"));
            assertEquals(setFailed("save", "Invalid save parameters"), c.call("CONFIG", "SET", "save", "1 2 3"));
            assertEquals(setFailed("dir", "can't set protected config"), c.call("CONFIG", "SET", "dir", "/"));
            assertEquals(setFailed("maxmemory-clients", "percentage argument must be less or equal to 100"),
                    c.call("CONFIG", "SET", "maxmemory-clients", "101%"));
            assertEquals(setFailed("client-output-buffer-limit",
                    "Wrong number of arguments in buffer limit configuration."),
                    c.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1 2"));
            assertEquals(setFailed("notify-keyspace-events", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
                    c.call("CONFIG", "SET", "notify-keyspace-events", "Q"));
            assertEquals(setFailed("protected-mode", "argument must be 'yes' or 'no'"),
                    c.call("CONFIG", "SET", "protected-mode", "maybe"));
            assertEquals(err("syntax error"), c.call("CONFIG", "SET", "a", "b", "c"));
            assertEquals(err("wrong number of arguments for 'config|set' command"), c.call("CONFIG", "SET", "a"));
        }
    }

    @Test
    void setIsAllOrNothing() throws Exception {
        try (TestServer s = TestServer.start(); Jedis j = new Jedis("127.0.0.1", s.port());
             RawClient c = new RawClient(s.port())) {
            assertEquals(setFailed("hz", "argument couldn't be parsed into an integer"),
                    c.call("CONFIG", "SET", "maxmemory", "10", "timeout", "7", "hz", "x"));
            assertEquals("0", j.configGet("maxmemory").get("maxmemory"));
            assertEquals("0", j.configGet("timeout").get("timeout"));
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "maxmemory", "10", "timeout", "7"));
            assertEquals(7, s.server().config().timeout);
        }
    }

    @Test
    void protectedConfigsWhenEnabled() throws Exception {
        try (TestServer s = TestServer.start("--enable-protected-configs", "yes");
             RawClient c = new RawClient(s.port())) {
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "dir", dir.toString()));
            assertEquals(dir.toRealPath().toString(), Path.of(s.server().config().dir).toRealPath().toString());
            assertEquals(setFailed("dir", "No such file or directory"),
                    c.call("CONFIG", "SET", "dir", "/no/such/dir"));
            assertEquals(setFailed("dbfilename", "dbfilename can't be a path, just a filename"),
                    c.call("CONFIG", "SET", "dbfilename", "a/b"));
        }
    }

    @Test
    void resetstatAndHelp() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.call("PING");
            c.call("NOSUCHCOMMAND");
            assertEquals("+OK\r\n", c.call("CONFIG", "RESETSTAT"));
            assertEquals(0, s.server().stats().totalErrorReplies);
            String help = c.call("CONFIG", "HELP");
            assertTrue(help.startsWith("*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                    + "+GET <pattern>\r\n"), help);
        }
    }

    @Test
    void rewriteWithoutConfigFile() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals(err("The server is running without a config file"), c.call("CONFIG", "REWRITE"));
        }
    }

    @Test
    void rewriteKeepsCommentsAndUpdatesLines() throws Exception {
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, "# my comment\nsave 100 1\nsave 200 2\n\n\n# another\nmaxmemory 100mb\n"
                + "hash-max-ziplist-entries 1000\nlist-max-ziplist-entries 5\nappendonly no\nslaveof 1.2.3.4 5\n"
                + "timeout 0\n");
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            s.server().config().configFile = conf.toString();
            s.server().config().save = "100 1 200 2";
            s.server().config().replicaof = "1.2.3.4 5";
            s.server().config().hashMaxListpackEntries = 1000;
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "save", "", "maxmemory", "3gb",
                    "notify-keyspace-events", "Ex", "client-output-buffer-limit", "pubsub 1mb 2k 5", "requirepass",
                    "sec ret"));
            assertEquals("+OK\r\n", c.call("CONFIG", "REWRITE"));
        }
        String text = Files.readString(conf);
        assertTrue(text.startsWith("# my comment\nsave \"\"\n\n# another\nmaxmemory 3gb\n"
                + "hash-max-listpack-entries 1000\n# ??? list-max-ziplist-entries 5\nappendonly no\n"
                + "replicaof 1.2.3.4 5\ntimeout 0\n\n# Generated by CONFIG REWRITE\n"), text);
        assertTrue(text.contains("\nnotify-keyspace-events \"xE\"\n"), text);
        assertTrue(text.contains("\nclient-output-buffer-limit pubsub 1mb 2000 5\n"), text);
        assertTrue(text.contains("\nrequirepass \"sec ret\"\n"), text);
        assertTrue(text.contains("\nuser default on #"), text);
        assertTrue(text.contains("\nbind 127.0.0.1\n"), text);
        assertTrue(!text.contains("client-output-buffer-limit normal"), text);
    }
}
