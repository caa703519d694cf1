package io.redjay.replication;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.redjay.replication.ReplicationChecks.await;
import static io.redjay.replication.ReplicationChecks.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FAILOVER, Redis 7.0's coordinated failover, in each direction a mixed deployment needs: a Redjay master handing
 * over to a Redjay replica and to a Redis one, and a Redis master handing over to a Redjay replica. In every case
 * the old master ends as a replica of the new one with a partial resync (no write is lost, nothing is sent twice)
 * and the datasets are equal. The refusals are compared with a real Redis, reply for reply.
 */
class FailoverTest {

    private static void writes(RawClient c, String prefix, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            c.call("SET", prefix + i, Integer.toString(i));
            c.call("RPUSH", prefix + "list", Integer.toString(i));
        }
    }

    private static void assertHandedOver(RawClient oldMaster, RawClient newMaster, int newPort) throws Exception {
        assertHandedOver(oldMaster, newMaster, newPort, 0, 0);
    }

    private static void assertHandedOver(RawClient oldMaster, RawClient newMaster, int newPort, int partialBefore,
                                         int fullBefore) throws Exception {
        await("the old master follows the new one", () -> field(oldMaster, "replication", "master_link_status")
                .equals("up") && field(oldMaster, "replication", "master_port").equals(Integer.toString(newPort)));
        assertEquals("master", field(newMaster, "replication", "role"));
        assertEquals("no-failover", field(oldMaster, "replication", "master_failover_state"));
        assertEquals(Integer.toString(partialBefore + 1), field(newMaster, "stats", "sync_partial_ok"),
                "the old master continued its history");
        assertEquals(Integer.toString(fullBefore), field(newMaster, "stats", "sync_full"));
        writes(newMaster, "after", 50);
        await("the old master has the new master's writes", () -> field(oldMaster, "replication",
                "slave_repl_offset").equals(field(newMaster, "replication", "master_repl_offset")));
        assertEquals(newMaster.call("DEBUG", "DIGEST"), oldMaster.call("DEBUG", "DIGEST"));
        assertTrue(oldMaster.call("SET", "x", "1").startsWith("-READONLY"));
    }

    @Test
    void aRedjayMasterHandsOverToARedjayReplica(@TempDir Path tmp) throws Exception {
        try (TestServer m = TestServer.start("--dir", Files.createDirectories(tmp.resolve("m")).toString(),
                "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer r = TestServer.start("--dir", Files.createDirectories(tmp.resolve("r")).toString());
             RawClient rc = new RawClient(r.port())) {
            writes(mc, "before", 100);
            rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("the replica is online", () -> field(mc, "replication", "slave0").contains("state=online"));
            writes(mc, "synced", 100);

            assertEquals("+OK\r\n", mc.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port())));
            assertHandedOver(mc, rc, r.port());
            int partial = Integer.parseInt(field(mc, "stats", "sync_partial_ok"));
            int full = Integer.parseInt(field(mc, "stats", "sync_full"));
            assertEquals("+OK\r\n", rc.call("FAILOVER"), "and back, to any replica");
            assertHandedOver(rc, mc, m.port(), partial, full);
        }
    }

    @Test
    void aRedjayMasterHandsOverToARedisReplica(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer m = TestServer.start("--dir", tmp.toString(), "--repl-diskless-sync-delay", "0");
             RawClient mc = new RawClient(m.port());
             RealRedis r = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(m.port()));
             RawClient rc = new RawClient(r.port())) {
            await("the replica is online", () -> field(mc, "replication", "slave0").contains("state=online"));
            writes(mc, "synced", 100);
            assertEquals("+OK\r\n", mc.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port()),
                    "TIMEOUT", "5000"));
            assertHandedOver(mc, rc, r.port());
        }
    }

    @Test
    void aRedisMasterHandsOverToARedjayReplica(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis m = RealRedis.start("--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer r = TestServer.start("--dir", tmp.toString()); RawClient rc = new RawClient(r.port())) {
            writes(mc, "before", 100);
            rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("the replica is online", () -> field(mc, "replication", "slave0").contains("state=online"));
            writes(mc, "synced", 100);
            assertEquals("+OK\r\n", mc.call("FAILOVER"));
            assertHandedOver(mc, rc, r.port());
        }
    }

    @Test
    void writesWaitWhileTheTargetCatchesUpAndAbortReleasesThem(@TempDir Path tmp) throws Exception {
        try (TestServer m = TestServer.start("--dir", tmp.toString(), "--repl-diskless-sync-delay", "0");
             RawClient mc = new RawClient(m.port()); RawClient writer = new RawClient(m.port())) {
            try (TestServer r = TestServer.start("--dir", Files.createDirectories(tmp.resolve("r")).toString());
                 RawClient rc = new RawClient(r.port())) {
                rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
                await("the replica is online", () -> field(mc, "replication", "slave0").contains("state=online"));
                rc.command("DEBUG", "SLEEP", "4");
                mc.call("SET", "unacknowledged", "1");
                assertEquals("+OK\r\n", mc.call("FAILOVER", "TO", "127.0.0.1", Integer.toString(r.port())));
                assertEquals("waiting-for-sync", field(mc, "replication", "master_failover_state"));
                assertEquals("-ERR FAILOVER already in progress.\r\n", mc.call("FAILOVER"));
                assertEquals("-ERR REPLICAOF not allowed while failing over.\r\n",
                        mc.call("REPLICAOF", "127.0.0.1", "1"));
                writer.command("SET", "held", "1");
                assertEquals("$-1\r\n", mc.call("GET", "held"), "reads run, the write waits");
                assertEquals("+OK\r\n", mc.call("FAILOVER", "ABORT"));
                assertEquals("+OK\r\n", writer.readReply(), "released by the abort");
                assertEquals("$1\r\n1\r\n", mc.call("GET", "held"));
                assertEquals("no-failover", field(mc, "replication", "master_failover_state"));
                assertEquals("master", field(mc, "replication", "role"));
                assertEquals("+OK\r\n", rc.readReply(), "the replica's sleep ends");
            }
        }
    }

    @Test
    void refusalsAreRedisOwn(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer t = TestServer.start("--dir", tmp.toString()); RawClient ours = new RawClient(t.port());
             RealRedis redis = RealRedis.start(); RawClient theirs = new RawClient(redis.port())) {
            String[][] calls = {
                {"FAILOVER"}, {"FAILOVER", "ABORT"}, {"FAILOVER", "TIMEOUT", "0"}, {"FAILOVER", "TIMEOUT", "x"},
                {"FAILOVER", "TO", "127.0.0.1", "1", "FORCE"}, {"FAILOVER", "TO", "127.0.0.1", "x"},
                {"FAILOVER", "FORCE", "FORCE"}, {"FAILOVER", "bogus"}, {"PSYNC", "x", "1", "FAILOVER"},
            };
            for (String[] call : calls) {
                assertEquals(theirs.call(call), ours.call(call), String.join(" ", call));
            }
        }
    }
}
