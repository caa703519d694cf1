package io.redjay.scripting;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scripts in the contexts around them, each scenario run on a real Redis 7.0.15 and on Redjay with the raw replies
 * compared: EVAL queued in MULTI and run by EXEC, WATCH broken by another client's script, CLIENT PAUSE WRITE holding
 * a script that may write but not one that declares {@code no-writes} (or runs through EVAL_RO), and a read-only
 * replica running read scripts while refusing a script's writes the way Redis does for scripts with and without a
 * shebang.
 */
class ScriptContextsTest {
    private static RealRedis redis;
    private static TestServer redjay;

    @TempDir
    static Path masterDir;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "needs redis-server");
        redis = RealRedis.start();
        redjay = TestServer.start("--dir", masterDir.toString());
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (redjay != null) {
            redjay.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        for (int port : new int[] {redis.port(), redjay.port()}) {
            try (RawClient c = new RawClient(port)) {
                c.call("FLUSHALL");
                c.call("SCRIPT", "FLUSH");
            }
        }
    }

    /** One scenario: given two clients on a server, returns everything they were answered. */
    private interface Scenario {
        List<String> run(RawClient a, RawClient b) throws Exception;
    }

    private static void assertSame(Scenario s) throws Exception {
        List<String> expected;
        try (RawClient a = new RawClient(redis.port()); RawClient b = new RawClient(redis.port())) {
            expected = s.run(a, b);
        }
        List<String> actual;
        try (RawClient a = new RawClient(redjay.port()); RawClient b = new RawClient(redjay.port())) {
            actual = s.run(a, b);
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    @Test
    void evalInsideMultiRunsWithExec() throws Exception {
        assertSame((a, b) -> List.of(a.call("MULTI"),
                a.call("EVAL", "return redis.call('incr', KEYS[1])", "1", "n"),
                a.call("EVAL", "return redis.call('nosuch')", "0"),
                a.call("EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"),
                a.call("EVAL", "return redis.call('incrby', KEYS[1], 10)", "1", "n"),
                a.call("EXEC"),
                a.call("GET", "n")));
    }

    @Test
    void aScriptBreaksAnotherClientsWatch() throws Exception {
        assertSame((a, b) -> List.of(a.call("SET", "w", "1"), a.call("WATCH", "w"),
                b.call("EVAL", "return redis.call('set', KEYS[1], 'changed')", "1", "w"),
                a.call("MULTI"), a.call("GET", "w"), a.call("EXEC"),
                a.call("WATCH", "w"),
                b.call("EVAL", "return redis.call('get', KEYS[1])", "1", "w"),
                a.call("MULTI"), a.call("GET", "w"), a.call("EXEC")));
    }

    @Test
    void clientPauseWriteHoldsScriptsThatMayWrite() throws Exception {
        assertSame((a, b) -> {
            List<String> out = new ArrayList<>();
            out.add(b.call("SET", "p", "v"));
            out.add(b.call("CLIENT", "PAUSE", "300", "WRITE"));
            long t0 = System.nanoTime();
            out.add(a.call("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "p"));
            out.add(a.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])", "1", "p"));
            out.add("read scripts waited: " + ((System.nanoTime() - t0) > 250_000_000L));
            out.add(a.call("EVAL", "return redis.call('get', KEYS[1])", "1", "p"));
            out.add("a script without flags waited: " + ((System.nanoTime() - t0) > 250_000_000L));
            return out;
        });
    }

    @Test
    void aReadOnlyReplicaRunsReadScriptsOnly(@TempDir Path replicaDir) throws Exception {
        try (RealRedis redisReplica = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(redis.port()));
             TestServer redjayReplica = TestServer.start("--dir", replicaDir.toString(), "--replicaof", "127.0.0.1",
                     Integer.toString(redjay.port()))) {
            List<String> expected = replicaScenario(redisReplica.port(), redis.port());
            List<String> actual = replicaScenario(redjayReplica.port(), redjay.port());
            assertEquals(String.join("\n", expected), String.join("\n", actual));
        }
    }

    private static List<String> replicaScenario(int replica, int master) throws Exception {
        try (RawClient m = new RawClient(master); RawClient r = new RawClient(replica)) {
            m.call("SET", "k", "v");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!r.call("GET", "k").equals("$1\r\nv\r\n") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return List.of(r.call("EVAL", "return redis.call('get', KEYS[1])", "1", "k"),
                    r.call("EVAL", "return redis.call('set', KEYS[1], 'x')", "1", "k"),
                    r.call("EVAL", "#!lua\nreturn redis.call('get', KEYS[1])", "1", "k"),
                    r.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])", "1", "k"),
                    r.call("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "k"),
                    r.call("EVAL_RO", "return redis.call('set', KEYS[1], 'x')", "1", "k"));
        }
    }
}
