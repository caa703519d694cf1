package io.redjay.replication;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.redjay.replication.ReplicationChecks.await;
import static io.redjay.replication.ReplicationChecks.field;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Redjay master running scripts and functions, with a real Redis replica and a Redjay replica: whatever the scripts
 * do (several writes, random members, random numbers, the time, SELECT, set_repl, a failed call halfway, functions),
 * both replicas end with the master's DEBUG DIGEST. That holds only because a script's effects are replicated and
 * never the script: the replicas never run anything random themselves.
 */
class ScriptReplicationTest {
    private static final String[][] SCRIPTS = {
        {"redis.call('set', KEYS[1], ARGV[1]); redis.call('incr', 'n'); return redis.call('lpush', 'l', ARGV[1])",
            "1", "k", "v"},
        {"for i = 1, 20 do redis.call('sadd', 's', i) end; return redis.call('spop', 's', 3)", "0"},
        {"local m = redis.call('srandmember', 's'); return redis.call('set', 'picked', m)", "0"},
        {"math.randomseed(tonumber(ARGV[1])); return redis.call('set', 'r', math.random(1000000))", "0", "7"},
        {"local t = redis.call('time'); return redis.call('set', 'when', t[1] .. '.' .. t[2])", "0"},
        {"redis.call('select', 2); redis.call('hset', 'h', 'f', 'v'); redis.call('select', 3); "
            + "return redis.call('zadd', 'z', 1.5, 'm')", "0"},
        {"redis.call('set', 'a', 1); return redis.pcall('lpush', 'a', 2)", "0"},
        {"redis.call('set', 'e', 'x', 'PX', 100000); return redis.call('pexpire', 'e', 200000)", "0"},
        {"redis.call('incrbyfloat', 'f', '0.1'); return redis.call('incrbyfloat', 'f', '0.2')", "0"},
    };

    @Test
    void replicasOfARedjayMasterRunningScriptsHaveItsDigest(@TempDir Path dir, @TempDir Path replicaDir)
            throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "needs redis-server");
        try (TestServer master = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync-delay", "0");
             RealRedis redisReplica = RealRedis.start();
             TestServer redjayReplica = TestServer.start("--dir", replicaDir.toString());
             RawClient m = new RawClient(master.port());
             RawClient rr = new RawClient(redisReplica.port());
             RawClient jr = new RawClient(redjayReplica.port())) {
            for (RawClient replica : new RawClient[] {rr, jr}) {
                assertEquals("+OK\r\n", replica.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port())));
            }
            await("both replicas linked", () -> field(rr, "replication", "master_link_status").equals("up")
                    && field(jr, "replication", "master_link_status").equals("up"));
            m.call("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('bump', function(keys, args) "
                    + "redis.call('incr', keys[1]); return redis.call('rpush', 'fl', args[1]) end)");
            for (int round = 0; round < 5; round++) {
                for (String[] s : SCRIPTS) {
                    String[] cmd = new String[s.length + 1];
                    cmd[0] = "EVAL";
                    System.arraycopy(s, 0, cmd, 1, s.length);
                    String reply = m.call(cmd);
                    assertEquals(false, reply.startsWith("-ERR") && !reply.contains("WRONGTYPE"), reply);
                }
                m.call("FCALL", "bump", "1", "fc", Integer.toString(round));
            }
            String offset = field(m, "replication", "master_repl_offset");
            await("replicas caught up", () -> field(rr, "replication", "master_repl_offset").equals(offset)
                    && field(jr, "replication", "master_repl_offset").equals(offset));
            String digest = m.call("DEBUG", "DIGEST");
            assertEquals(digest, rr.call("DEBUG", "DIGEST"), "real Redis replica");
            assertEquals(digest, jr.call("DEBUG", "DIGEST"), "Redjay replica");
            assertEquals(m.call("FUNCTION", "LIST"), jr.call("FUNCTION", "LIST"), "functions on the Redjay replica");
        }
    }
}
