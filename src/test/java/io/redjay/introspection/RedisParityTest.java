package io.redjay.introspection;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Introspection and connection details compared byte for byte with a real Redis 7.0.15: COMMAND GETKEYS and
 * GETKEYSANDFLAGS for every command with keys, COMMAND LIST / COUNT, the unknown-command error, SELECT's range
 * error, INFO blocked_clients under CLIENT PAUSE, and QUIT's reply and close.
 */
class RedisParityTest {
    private static RealRedis redis;
    private static TestServer redjay;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server not installed");
        redis = RealRedis.start();
        redjay = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (redjay != null) {
            redjay.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static void assertSameReplies(List<String[]> commands) throws IOException {
        try (RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(redjay.port())) {
            StringBuilder expected = new StringBuilder();
            StringBuilder actual = new StringBuilder();
            for (String[] c : commands) {
                expected.append(String.join(" ", c)).append(" -> ").append(a.call(c)).append('\n');
                actual.append(String.join(" ", c)).append(" -> ").append(b.call(c)).append('\n');
            }
            assertEquals(expected.toString(), actual.toString());
        }
    }

    @Test
    void getkeysAndFlagsForEveryCommandWithKeys() throws IOException {
        List<String[]> commands = new ArrayList<>();
        try (InputStream in = RedisParityTest.class.getResourceAsStream("getkeys-cases.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] args = line.trim().split(" ");
                commands.add(prefixed("GETKEYS", args));
                commands.add(prefixed("GETKEYSANDFLAGS", args));
            }
        }
        commands.add(new String[] {"COMMAND", "GETKEYS", "PING"});
        commands.add(new String[] {"COMMAND", "GETKEYS", "NOSUCH", "a"});
        commands.add(new String[] {"COMMAND", "GETKEYS", "SET", "a"});
        commands.add(new String[] {"COMMAND", "GETKEYSANDFLAGS", "OBJECT", "ENCODING"});
        assertSameReplies(commands);
    }

    private static String[] prefixed(String sub, String[] args) {
        String[] out = new String[args.length + 2];
        out[0] = "COMMAND";
        out[1] = sub;
        System.arraycopy(args, 0, out, 2, args.length);
        return out;
    }

    @Test
    void singleKeySpecFlagsInCommandInfo() throws IOException {
        try (RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(redjay.port())) {
            for (String name : List.of("set", "get", "del", "exists", "append", "hdel", "incr", "getex", "bitfield",
                    "object|encoding", "memory|usage", "watch", "sadd", "zadd", "lpush", "mset")) {
                List<String> expected = keySpecFlags(a.call("COMMAND", "INFO", name));
                assertFalse(expected.isEmpty(), name);
                assertEquals(expected, keySpecFlags(b.call("COMMAND", "INFO", name)), name);
            }
        }
    }

    /** The flags of each key spec in a COMMAND INFO reply (the other spec fields, notes and tips are not compared). */
    private static List<String> keySpecFlags(String reply) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\$5\r\nflags\r\n[*~]\\d+\r\n((?:\\+[^\r]*\r\n)*)").matcher(reply);
        while (m.find()) {
            out.add(m.group(1).replace("\r\n", " ").trim());
        }
        return out;
    }

    @Test
    void commandListNamesSubcommandsAsContainerBarSubcommand() throws IOException {
        try (RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(redjay.port())) {
            Set<String> redisNames = names(a.call("COMMAND", "LIST"));
            Set<String> redjayNames = names(b.call("COMMAND", "LIST"));
            assertTrue(redjayNames.contains("config|get") && redjayNames.contains("client|list"), redjayNames.toString());
            Set<String> extra = new TreeSet<>(redjayNames);
            extra.removeAll(redisNames);
            assertEquals(Set.of("client|no-touch", "client|setinfo"), extra, "names Redis 7.0 does not have");
            long topLevel = redjayNames.stream().filter(n -> !n.contains("|")).count();
            assertEquals(":" + topLevel + "\r\n", b.call("COMMAND", "COUNT"), "COUNT counts top-level commands");
            long redisTopLevel = redisNames.stream().filter(n -> !n.contains("|")).count();
            assertEquals(":" + redisTopLevel + "\r\n", a.call("COMMAND", "COUNT"));
            assertEquals(names(a.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "config*")),
                    names(b.call("COMMAND", "LIST", "FILTERBY", "PATTERN", "config*")));
        }
    }

    private static Set<String> names(String reply) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\d+\r\n([^\r]*)\r\n").matcher(reply);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void unknownCommandErrorCutsArgumentsAt128Characters() throws IOException {
        String a127 = "a".repeat(127);
        String a128 = "a".repeat(128);
        String a200 = "a".repeat(200);
        assertSameReplies(List.of(
                new String[] {"NOSUCHCMD", a200},
                new String[] {"NOSUCHCMD", a128, "b"},
                new String[] {"NOSUCHCMD", a127, "b"},
                new String[] {"NOSUCHCMD", "a".repeat(120), "bbbbbbb", "c"},
                new String[] {"X" + a200, "y"},
                new String[] {"NOSUCHCMD"},
                new String[] {"CONFIG", "X" + a200}));
    }

    @Test
    void selectOutOfIntRange() throws IOException {
        assertSameReplies(List.of(new String[] {"SELECT", "4294967296"}, new String[] {"SELECT", "-4294967296"},
                new String[] {"SELECT", "-9223372036854775808"}, new String[] {"SWAPDB", "0", "-9223372036854775808"},
                new String[] {"SELECT", "99999999999999999999"}, new String[] {"SELECT", "16"},
                new String[] {"SELECT", "2147483647"}, new String[] {"SWAPDB", "4294967296", "0"}));
    }

    @Test
    void clientsHeldByClientPauseCountAsBlocked() throws Exception {
        assertEquals(blockedWhilePaused(redis.port()), blockedWhilePaused(redjay.port()));
    }

    private static String blockedWhilePaused(int port) throws Exception {
        try (RawClient admin = new RawClient(port); RawClient held = new RawClient(port)) {
            assertEquals("+OK\r\n", admin.call("CLIENT", "PAUSE", "5000", "WRITE"));
            held.command("SET", "paused", "1");
            String info = "";
            for (int i = 0; i < 50 && !info.contains("blocked_clients:1"); i++) {
                Thread.sleep(20);
                info = admin.call("INFO", "clients");
            }
            Matcher m = Pattern.compile("blocked_clients:\\d+").matcher(info);
            assertTrue(m.find(), info);
            String during = m.group();
            assertEquals("+OK\r\n", admin.call("CLIENT", "UNPAUSE"));
            assertEquals("+OK\r\n", held.readReply());
            Matcher after = Pattern.compile("blocked_clients:\\d+").matcher(admin.call("INFO", "clients"));
            assertTrue(after.find());
            admin.call("DEL", "paused");
            return during + " then " + after.group();
        }
    }

    @Test
    void quitRepliesAndClosesWithoutReset() throws Exception {
        assertEquals(quitTranscript(redis.port()), quitTranscript(redjay.port()));
    }

    /** Pipelined PING, QUIT, PING: the replies up to QUIT's +OK, then an orderly end of stream. */
    private static String quitTranscript(int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            s.getOutputStream().write("PING\r\nQUIT\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder got = new StringBuilder();
            int b;
            while ((b = in.read()) != -1) {
                got.append((char) b);
            }
            return got + "<EOF>";
        }
    }
}
