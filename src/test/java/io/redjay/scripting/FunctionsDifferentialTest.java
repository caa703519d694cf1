package io.redjay.scripting;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same FUNCTION and FCALL commands sent to a real Redis 7.0.15 and to Redjay, raw replies compared; then
 * libraries crossing between the two as FUNCTION DUMP payloads, as RDB files (Redis's SAVE loaded by Redjay,
 * Redjay's accepted by redis-check-rdb and loaded by Redis), and through replication to a Redis replica.
 */
class FunctionsDifferentialTest {
    private static RealRedis redis;
    private static TestServer redjay;
    private static RawClient real;
    private static RawClient ours;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        redis = RealRedis.start();
        redjay = TestServer.start();
        real = new RawClient(redis.port());
        ours = new RawClient(redjay.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (real != null) {
            real.close();
            ours.close();
            redis.close();
            redjay.close();
        }
    }

    private static String lib(String name, String body) {
        return "#!lua name=" + name + "\n" + body;
    }

    private static void same(String... argv) throws Exception {
        assertEquals(real.call(argv), ours.call(argv), String.join(" ", argv));
    }

    @Test
    void loadErrorsAreRedisOwn() throws Exception {
        same("FUNCTION", "FLUSH");
        String[] bodies = {
            "redis.call('set','x',1)", "local a = string.len('x')", "function foo() end", "x = ",
            "redis.register_function('f')", "redis.register_function('f', 1)", "redis.register_function(1)",
            "redis.register_function('f', function() end, 3)", "redis.register_function{function_name='f'}",
            "redis.register_function{callback=function() end}", "redis.register_function{[1]=1}",
            "redis.register_function{function_name='f', callback=function() end, flags={'bad'}}",
            "redis.register_function{function_name='f', callback=function() end, flags='x'}",
            "redis.register_function{function_name='f', callback=function() end, foo=1}",
            "redis.register_function{function_name='f', callback=1}",
            "redis.register_function{function_name={}, callback=function() end}",
            "redis.register_function{function_name='f', description={}, callback=function() end}",
            "redis.register_function('a-b', function() end)", "redis.register_function('', function() end)",
            "redis.register_function('a', function() end) redis.register_function('a', function() end)",
            "redis.log(redis.LOG_WARNING, 'hi')", "local x = {} x.y.z = 1", "error('plain')",
            "redis.setresp(3)", "return redis.REDIS_VERSION .. tostring(1)", "redis.pcall('ping')",
        };
        for (String body : bodies) {
            same("FUNCTION", "LOAD", lib("e1", body));
        }
        for (String code : new String[] {"return 1", "#!lua\nreturn 1", "#!lua name=a name=b\n",
            "#!lua foo=bar\n", "#! name=x\n", "#!js name=x\n", "#!lua name=x", "#!lua name=a-b\n",
            "#!LUA name=up\nredis.register_function('up', function() return 'up' end)"}) {
            same("FUNCTION", "LOAD", code);
        }
        same("FUNCTION", "LOAD", "REPLACE", "REPLACE");
        same("FUNCTION", "LOAD", "BOGUS", "x");
        same("FUNCTION", "LIST");
        same("FUNCTION", "FLUSH");
    }

    @Test
    void fcallAndTheRegistryAnswerAlike() throws Exception {
        same("FUNCTION", "FLUSH");
        same("FLUSHALL");
        same("FUNCTION", "LOAD", lib("mylib",
                "redis.register_function{function_name='rw', callback=function(keys, args) "
                        + "redis.call('set', keys[1], args[1]) return {keys[1], args[1], redis.call('get', keys[1])} "
                        + "end, description='writes', flags={'allow-oom', 'ALLOW-STALE'}}\n"
                        + "redis.register_function{function_name='ro', callback=function(keys) "
                        + "return redis.call('set', 'x', 1) end, flags={'no-writes'}}\n"
                        + "redis.register_function('err', function() return redis.call('nosuch') end)"));
        same("FCALL", "rw", "1", "k", "v");
        same("FCALL_RO", "rw", "1", "k", "v");
        same("FCALL", "ro", "0");
        same("FCALL_RO", "ro", "0");
        same("FCALL", "err", "0");
        same("FCALL", "nope", "0");
        same("FCALL", "rw", "x");
        same("FCALL", "rw", "5", "a");
        same("FCALL", "rw", "-1");
        same("FUNCTION", "LOAD", lib("single", "redis.register_function{function_name='one', "
                + "callback=function() return 1 end, description='only one', flags={'no-cluster', 'no-writes', "
                + "'allow-cross-slot-keys'}}"));
        same("FUNCTION", "LIST", "LIBRARYNAME", "SIN*", "WITHCODE");
        same("FUNCTION", "DELETE", "single");
        same("FUNCTION", "LIST", "LIBRARYNAME", "none*");
        same("FUNCTION", "LIST", "LIBRARYNAME");
        same("FUNCTION", "LIST", "WITHCODE", "WITHCODE");
        same("FUNCTION", "LIST", "bad");
        same("FUNCTION", "STATS");
        same("FUNCTION", "LOAD", lib("mylib", "redis.register_function('other', function() end)"));
        same("FUNCTION", "LOAD", lib("second", "redis.register_function('rw', function() end)"));
        same("FUNCTION", "LOAD", "REPLACE", lib("mylib", "redis.register_function('f2', function() return 2 end)"));
        same("FCALL", "f2", "0");
        same("FCALL", "rw", "0");
        same("FCALL", "F2", "0");
        same("FUNCTION", "LOAD", lib("cased", "redis.register_function('F2', function() end)"));
        same("FUNCTION", "LOAD", lib("MyLib", "redis.register_function('f3', function() return 3 end)"));
        same("FUNCTION", "DELETE", "MYLIB");
        same("FUNCTION", "DELETE", "MyLib");
        same("FUNCTION", "DELETE", "nope");
        same("FUNCTION", "DELETE", "mylib");
        same("FUNCTION", "FLUSH", "bad");
        same("FUNCTION", "FLUSH", "SYNC", "extra");
        same("FUNCTION", "FLUSH", "ASYNC");
        same("FUNCTION", "KILL");
        same("FUNCTION", "RESTORE", "bad");
        same("FUNCTION", "RESTORE", "a", "b", "c");
        same("FUNCTION", "DUMP");
        same("FUNCTION", "HELP");
        same("FUNCTION", "NOPE");
    }

    @Test
    void dumpPayloadsRestoreBothWays() throws Exception {
        same("FUNCTION", "FLUSH");
        same("FUNCTION", "LOAD", lib("short", "redis.register_function('s', function() return 's' end)"));
        same("FUNCTION", "DUMP");
        same("FUNCTION", "FLUSH");
        String body = "redis.register_function('hello', function() return 'hello world, hello world, hello' end)";
        same("FUNCTION", "LOAD", lib("dumped", body));
        String realDump = real.call("FUNCTION", "DUMP");
        byte[] fromRedis = bulk(realDump);
        same("FUNCTION", "FLUSH");
        ours.command("FUNCTION".getBytes(), "RESTORE".getBytes(), fromRedis);
        assertEquals("+OK\r\n", ours.readReply());
        byte[] fromRedjay = bulk(ours.call("FUNCTION", "DUMP"));
        real.command("FUNCTION".getBytes(), "RESTORE".getBytes(), fromRedjay);
        assertEquals("+OK\r\n", real.readReply());
        same("FCALL", "hello", "0");
        same("FUNCTION", "LIST", "WITHCODE");
        real.command("FUNCTION".getBytes(), "RESTORE".getBytes(), fromRedjay);
        ours.command("FUNCTION".getBytes(), "RESTORE".getBytes(), fromRedjay);
        assertEquals(real.readReply(), ours.readReply());
        same("FUNCTION", "FLUSH");
    }

    @Test
    void redisSnapshotsWithFunctionsLoadHereAndOursLoadInRedis(@TempDir Path dir) throws Exception {
        Path theirs = dir.resolve("theirs");
        Path mine = dir.resolve("mine");
        java.nio.file.Files.createDirectories(theirs);
        java.nio.file.Files.createDirectories(mine);
        String code = lib("snap", "redis.register_function{function_name='get', callback=function(k) "
                + "return redis.call('get', k[1]) end, flags={'no-writes'}, description='reads a key'}");
        try (RealRedis r = RealRedis.start("--dir", theirs.toString()); RawClient c = new RawClient(r.port())) {
            c.call("FUNCTION", "LOAD", code);
            c.call("SET", "k", "from redis");
            assertEquals("+OK\r\n", c.call("SAVE"));
        }
        int port = freePort();
        Process p = startRedjay(theirs, port);
        try (RawClient c = RawClient.whenUp(port, p)) {
            assertEquals("$10\r\nfrom redis\r\n", c.call("FCALL_RO", "get", "1", "k"));
            assertTrue(c.call("FUNCTION", "LIST").contains("reads a key"));
            assertEquals("+OK\r\n", c.call("DEBUG", "RELOAD", "NOSAVE"));
            assertEquals("$10\r\nfrom redis\r\n", c.call("FCALL_RO", "get", "1", "k"));
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        try (TestServer s = TestServer.start("--dir", mine.toString()); RawClient c = new RawClient(s.port())) {
            c.call("FUNCTION", "LOAD", code);
            c.call("SET", "k", "from redjay");
            assertEquals("+OK\r\n", c.call("SAVE"));
        }
        Path file = mine.resolve("dump.rdb");
        Process check = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), out);
        assertTrue(out.contains("RDB looks OK"), out);
        try (RealRedis r = RealRedis.startWithRdb(file); RawClient c = new RawClient(r.port())) {
            assertEquals("$11\r\nfrom redjay\r\n", c.call("FCALL_RO", "get", "1", "k"));
        }
    }

    @Test
    void aRedisReplicaReceivesTheLibrariesAndTheEffectsOfFcall(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync-delay", "0");
             RawClient m = new RawClient(t.port())) {
            m.call("FUNCTION", "LOAD", lib("before", "redis.register_function{function_name='b', "
                    + "callback=function() return 'b' end, flags={'no-writes'}}"));
            try (RealRedis r = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(t.port()));
                 RawClient rc = new RawClient(r.port())) {
                await(() -> field(rc, "master_link_status").equals("up"));
                m.call("FUNCTION", "LOAD", lib("after", "redis.register_function('incr2', function(k) "
                        + "redis.call('incr', k[1]) return redis.call('incr', k[1]) end)"));
                assertEquals(":2\r\n", m.call("FCALL", "incr2", "1", "n"));
                await(() -> field(rc, "slave_repl_offset").equals(field(m, "master_repl_offset")));
                assertEquals("$1\r\n2\r\n", rc.call("GET", "n"));
                assertEquals("$1\r\nb\r\n", rc.call("FCALL_RO", "b", "0"));
                assertEquals("-READONLY You can't write against a read only replica.\r\n",
                        rc.call("FCALL", "incr2", "1", "n"));
                m.call("FUNCTION", "DELETE", "before");
                await(() -> field(rc, "slave_repl_offset").equals(field(m, "master_repl_offset")));
                assertEquals("-ERR Function not found\r\n", rc.call("FCALL_RO", "b", "0"));
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"disabled", "on-empty-db", "swapdb"})
    void aRedjayReplicaOfRedisTakesTheLibrariesFromTheSyncAndTheStream(String load, @TempDir Path dir)
            throws Exception {
        try (RealRedis m = RealRedis.start("--repl-diskless-sync", load.equals("disabled") ? "no" : "yes",
                "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port())) {
            mc.call("FUNCTION", "LOAD", lib("synced", "redis.register_function{function_name='s', "
                    + "callback=function() return 'synced' end, flags={'no-writes'}}"));
            try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-load", load);
                 RawClient rc = new RawClient(t.port())) {
                rc.call("FUNCTION", "LOAD", lib("local", "redis.register_function('l', function() return 1 end)"));
                rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
                await(() -> field(rc, "master_link_status").equals("up"));
                assertEquals("$6\r\nsynced\r\n", rc.call("FCALL_RO", "s", "0"));
                assertEquals("-ERR Function not found\r\n", rc.call("FCALL", "l", "0"), "the sync replaced them");
                mc.call("FUNCTION", "LOAD", lib("streamed", "redis.register_function{function_name='t', "
                        + "callback=function() return 'streamed' end, flags={'no-writes'}}"));
                await(() -> field(rc, "slave_repl_offset").equals(field(mc, "master_repl_offset")));
                assertEquals("$8\r\nstreamed\r\n", rc.call("FCALL_RO", "t", "0"));
            }
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A Redjay process that loads {@code dir/dump.rdb} at start-up, as the server's own start does. */
    private static Process startRedjay(Path dir, int port) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.redjay.RedjayServer",
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "",
                "--enable-debug-command", "yes").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }

    private static String field(RawClient c, String name) {
        try {
            for (String line : c.call("INFO", "replication").split("\r\n")) {
                if (line.startsWith(name + ":")) {
                    return line.substring(name.length() + 1);
                }
            }
        } catch (Exception e) {
            return "";
        }
        return "";
    }

    private static byte[] bulk(String reply) {
        int start = reply.indexOf("\r\n") + 2;
        return reply.substring(start, reply.length() - 2).getBytes(StandardCharsets.ISO_8859_1);
    }
}
