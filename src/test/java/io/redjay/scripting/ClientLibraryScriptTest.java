package io.redjay.scripting;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client libraries that depend on server-side Lua, unchanged: Jedis loading a script and calling it by SHA (and
 * getting its NOSCRIPT exception after SCRIPT FLUSH), and redis-py's {@code Lock} (Debian's python3-redis, run by
 * the system Python), whose acquire, extend, reacquire and release are Lua scripts.
 */
class ClientLibraryScriptTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jedisRunsALoadedScriptBySha() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            String sha = jedis.scriptLoad("redis.call('hincrby', KEYS[1], ARGV[1], ARGV[2]) "
                    + "return redis.call('hget', KEYS[1], ARGV[1])");
            assertEquals(List.of(true, false), jedis.scriptExists(sha, "0000000000000000000000000000000000000000"));
            assertEquals("5", jedis.evalsha(sha, List.of("counts"), List.of("a", "5")));
            assertEquals("7", jedis.evalsha(sha, List.of("counts"), List.of("a", "2")));
            assertEquals(List.of("counts", "x"), jedis.eval("return {KEYS[1], ARGV[1]}", List.of("counts"),
                    List.of("x")));
            assertEquals("OK", jedis.scriptFlush());
            assertThrows(JedisNoScriptException.class, () -> jedis.evalsha(sha, List.of("counts"), List.of("a", "1")));
        }
    }

    @Test
    void redisPyLockWorks(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON) && pythonHasRedis(), "needs python3-redis");
        Path script = dir.resolve("redis_py_lock.py");
        try (InputStream in = getClass().getResourceAsStream("redis_py_lock.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), Integer.toString(server.port()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "redis-py lock script timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals("OK", out.trim());
    }

    private static boolean pythonHasRedis() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import redis").redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
