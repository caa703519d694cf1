package io.redjay.scripting;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis 7.0 functions on a Redjay server: libraries, FCALL under the functions' flags, the load environment, and
 * the libraries surviving what Redis keeps them through (FLUSHALL, DEBUG RELOAD, an AOF rewrite). Expected replies
 * are Redis 7.0.15's.
 */
class FunctionsTest {
    private static TestServer server;
    private static RawClient c;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        c = new RawClient(server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        c.close();
        server.close();
    }

    @BeforeEach
    void clean() throws Exception {
        c.call("FUNCTION", "FLUSH");
        c.call("FLUSHALL");
    }

    private static String lib(String name, String body) {
        return "#!lua name=" + name + "\n" + body;
    }

    @Test
    void aLibraryRegistersFunctionsThatFcallRunsWithKeysAndArgv() throws Exception {
        assertEquals("$4\r\nlib1\r\n", c.call("FUNCTION", "LOAD", lib("lib1",
                "redis.register_function('set1', function(keys, args) return redis.call('set', keys[1], args[1]) end)\n"
                        + "redis.register_function{function_name='get1', callback=function(keys) "
                        + "return redis.call('get', keys[1]) end, flags={'no-writes'}}")));
        assertEquals("+OK\r\n", c.call("FCALL", "set1", "1", "k", "v"));
        assertEquals("$1\r\nv\r\n", c.call("FCALL_RO", "get1", "1", "k"));
        assertEquals("-ERR Can not execute a script with write flag using *_ro command.\r\n",
                c.call("FCALL_RO", "set1", "1", "k", "v"));
        assertEquals("-ERR Function not found\r\n", c.call("FCALL", "nope", "0"));
        assertEquals("-ERR Bad number of keys provided\r\n", c.call("FCALL", "get1", "x"));
    }

    @Test
    void aNoWritesFunctionCannotWriteAndErrorsNameTheFunctionAndLine() throws Exception {
        c.call("FUNCTION", "LOAD", lib("ro", "redis.register_function{function_name='w', callback=function() "
                + "return redis.call('set', 'x', 1) end, flags={'no-writes'}}"));
        assertEquals("-ERR Write commands are not allowed from read-only scripts. script: w, on @user_function:2.\r\n",
                c.call("FCALL", "w", "0"));
        c.call("FUNCTION", "LOAD", lib("e", "redis.register_function('boom', function() error('bad') end)"));
        assertEquals("-ERR user_function:2: bad script: boom, on @user_function:2.\r\n", c.call("FCALL", "boom", "0"));
    }

    @Test
    void theLoadEnvironmentOffersOnlyRegistrationAndLogging() throws Exception {
        assertEquals("-ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent "
                + "global variable 'call'\r\n", c.call("FUNCTION", "LOAD", lib("a", "redis.call('ping')")));
        assertEquals("-ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table\r\n",
                c.call("FUNCTION", "LOAD", lib("a", "function f() end")));
        assertEquals("-ERR No functions registered\r\n",
                c.call("FUNCTION", "LOAD", lib("a", "redis.log(redis.LOG_NOTICE, 'loading')")));
        c.call("FUNCTION", "LOAD", lib("late", "local reg = redis.register_function\n"
                + "reg('later', function() return reg('x', function() end) end)"));
        assertEquals("-ERR redis.register_function can only be called on FUNCTION LOAD command script: later, on "
                + "@user_function:3.\r\n", c.call("FCALL", "later", "0"));
    }

    @Test
    void aLongRunningTopLevelTimesOutAndLeavesNothing() throws Exception {
        assertEquals("-ERR Error registering functions: ERR FUNCTION LOAD timeout\r\n",
                c.call("FUNCTION", "LOAD", lib("slow", "redis.register_function('f', function() end)\n"
                        + "while true do end")));
        assertEquals("*0\r\n", c.call("FUNCTION", "LIST"));
    }

    @Test
    void replaceRestoresTheOldLibraryWhenTheNewOneFails() throws Exception {
        c.call("FUNCTION", "LOAD", lib("one", "redis.register_function('f1', function() return 1 end)"));
        c.call("FUNCTION", "LOAD", lib("two", "redis.register_function('f2', function() return 2 end)"));
        assertEquals("-ERR Library 'one' already exists\r\n",
                c.call("FUNCTION", "LOAD", lib("one", "redis.register_function('f1', function() end)")));
        assertEquals("-ERR Function f2 already exists\r\n", c.call("FUNCTION", "LOAD", "REPLACE",
                lib("one", "redis.register_function('f2', function() end)")));
        assertEquals(":1\r\n", c.call("FCALL", "f1", "0"));
        assertEquals("$3\r\none\r\n", c.call("FUNCTION", "LOAD", "REPLACE",
                lib("one", "redis.register_function('f3', function() return 3 end)")));
        assertEquals("-ERR Function not found\r\n", c.call("FCALL", "f1", "0"));
        assertEquals(":3\r\n", c.call("FCALL", "f3", "0"));
    }

    @Test
    void dumpAndRestoreUnderEachPolicy() throws Exception {
        c.call("FUNCTION", "LOAD", lib("one", "redis.register_function('f1', function() return 1 end)"));
        String reply = c.call("FUNCTION", "DUMP");
        byte[] payload = bulk(reply);
        assertEquals("-ERR Library one already exists\r\n", restore(payload));
        assertEquals("+OK\r\n", restore(payload, "REPLACE"));
        c.call("FUNCTION", "LOAD", lib("two", "redis.register_function('f2', function() return 2 end)"));
        assertEquals("+OK\r\n", restore(payload, "FLUSH"));
        assertEquals("-ERR Function not found\r\n", c.call("FCALL", "f2", "0"));
        assertEquals(":1\r\n", c.call("FCALL", "f1", "0"));
        payload[payload.length - 1] ^= 1;
        assertEquals("-ERR DUMP payload version or checksum are wrong\r\n", restore(payload));
        assertEquals("-ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.\r\n",
                restore(payload, "MERGE"));
    }

    @Test
    void infoCountsFunctionsAndFlushallKeepsThem() throws Exception {
        c.call("FUNCTION", "LOAD", lib("one", "redis.register_function('a', function() return 1 end)\n"
                + "redis.register_function('b', function() return 2 end)"));
        c.call("FLUSHALL");
        String info = c.call("INFO", "memory");
        assertTrue(info.contains("number_of_functions:2\r\n"), info);
        assertTrue(info.contains("number_of_libraries:1\r\n"), info);
        assertEquals(":2\r\n", c.call("FCALL", "b", "0"));
        assertEquals("*4\r\n$14\r\nrunning_script\r\n$-1\r\n$7\r\nengines\r\n*2\r\n$3\r\nLUA\r\n*4\r\n"
                + "$15\r\nlibraries_count\r\n:1\r\n$15\r\nfunctions_count\r\n:2\r\n", c.call("FUNCTION", "STATS"));
    }

    @Test
    void debugReloadKeepsTheLibrariesAndANoflushReloadRefusesDuplicates(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start("--dir", dir.toString()); RawClient r = new RawClient(s.port())) {
            r.call("FUNCTION", "LOAD", lib("test", "redis.register_function('test', function() return 'hello' end)"));
            assertEquals("+OK\r\n", r.call("DEBUG", "RELOAD"));
            assertEquals("$5\r\nhello\r\n", r.call("FCALL", "test", "0"));
            assertEquals("-ERR Error trying to load the RDB dump, check server logs.\r\n",
                    r.call("DEBUG", "RELOAD", "NOFLUSH"));
            assertEquals("+OK\r\n", r.call("DEBUG", "RELOAD", "NOFLUSH", "MERGE"));
            assertEquals("$5\r\nhello\r\n", r.call("FCALL", "test", "0"));
        }
    }

    @Test
    void anAofRewriteLoadsTheLibrariesBeforeTheKeys(@TempDir Path dir) throws Exception {
        try (TestServer s = TestServer.start("--dir", dir.toString(), "--appendonly", "yes",
                "--aof-use-rdb-preamble", "no"); RawClient r = new RawClient(s.port())) {
            r.call("FUNCTION", "LOAD", lib("test", "redis.register_function('incr', function(k) "
                    + "return redis.call('incr', k[1]) end)"));
            r.call("FCALL", "incr", "1", "n");
            assertTrue(r.call("BGREWRITEAOF").startsWith("+"));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (r.call("INFO", "persistence").contains("aof_rewrite_in_progress:1")
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(100);
            try (var files = Files.list(dir.resolve("appendonlydir"))) {
                Path base = files.filter(p -> p.toString().endsWith(".base.aof")).findFirst().orElseThrow();
                String text = Files.readString(base, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertTrue(text.startsWith("*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n"), text);
            }
            assertEquals("+OK\r\n", r.call("DEBUG", "LOADAOF"));
            assertEquals(":2\r\n", r.call("FCALL", "incr", "1", "n"));
        }
    }

    private static byte[] bulk(String reply) {
        int start = reply.indexOf("\r\n") + 2;
        return reply.substring(start, reply.length() - 2).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String restore(byte[] payload, String... policy) throws Exception {
        byte[][] argv = new byte[3 + policy.length][];
        argv[0] = "FUNCTION".getBytes();
        argv[1] = "RESTORE".getBytes();
        argv[2] = payload;
        for (int i = 0; i < policy.length; i++) {
            argv[3 + i] = policy[i].getBytes();
        }
        c.command(argv);
        return c.readReply();
    }
}
