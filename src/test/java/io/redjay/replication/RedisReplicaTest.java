package io.redjay.replication;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.redjay.replication.ReplicationChecks.await;
import static io.redjay.replication.ReplicationChecks.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Redis 7.0.15 replica of a Redjay master: it attaches with its own PSYNC, loads the RDB of the full sync,
 * applies the stream, and ends with the master's dataset (DEBUG DIGEST and the size of every database); after its
 * link is killed it continues with a partial resync from the backlog.
 */
class RedisReplicaTest {

    /** Random writes over every type, four databases, expiries and transactions. */
    private static void workload(RawClient c, long seed, int ops) throws Exception {
        Random r = new Random(seed);
        for (int i = 0; i < ops; i++) {
            String k = "k" + r.nextInt(50);
            switch (r.nextInt(11)) {
                case 0 -> c.call("SET", k, "v" + r.nextInt(1000));
                case 1 -> c.call("INCRBY", "n" + r.nextInt(10), Integer.toString(r.nextInt(100)));
                case 2 -> c.call("RPUSH", "l" + r.nextInt(5), "e" + r.nextInt(100));
                case 3 -> c.call("SADD", "s" + r.nextInt(5), Integer.toString(r.nextInt(1000)));
                case 4 -> c.call("HSET", "h" + r.nextInt(5), "f" + r.nextInt(30), "x" + r.nextInt(9));
                case 5 -> c.call("ZADD", "z" + r.nextInt(5), Double.toString(r.nextDouble()), "m" + r.nextInt(40));
                case 6 -> c.call("EXPIRE", k, Integer.toString(100 + r.nextInt(1000)));
                case 7 -> c.call("DEL", k);
                case 8 -> c.call("SELECT", Integer.toString(r.nextInt(4)));
                case 9 -> {
                    c.call("MULTI");
                    c.call("INCR", "tx");
                    c.call("LPOP", "l" + r.nextInt(5));
                    c.call("EXEC");
                }
                default -> c.call("SET", "ttl" + r.nextInt(20), "t", "PX", Integer.toString(1 + r.nextInt(50)));
            }
        }
        c.call("SELECT", "0");
    }

    /**
     * Keys with a 1-50 ms TTL are first expired on the master by touching them (their DEL goes to the replica, which
     * never expires keys itself), then the replica must have caught up with the same data.
     */
    private static void assertSameData(RawClient master, RawClient replica) throws Exception {
        Thread.sleep(60);
        for (int db = 0; db < 4; db++) {
            master.call("SELECT", Integer.toString(db));
            for (int i = 0; i < 20; i++) {
                master.call("EXISTS", "ttl" + i);
            }
        }
        master.call("SELECT", "0");
        await("the replica catches up", () -> field(replica, "replication", "slave_repl_offset")
                .equals(field(master, "replication", "master_repl_offset")));
        assertEquals(master.call("DEBUG", "DIGEST"), replica.call("DEBUG", "DIGEST"));
        for (int db = 0; db < 16; db++) {
            master.call("SELECT", Integer.toString(db));
            replica.call("SELECT", Integer.toString(db));
            assertEquals(master.call("DBSIZE"), replica.call("DBSIZE"), "db " + db);
        }
        master.call("SELECT", "0");
        replica.call("SELECT", "0");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"no", "yes"})
    void aRedisReplicaSyncsFullyThenFollowsTheStreamThenResyncsPartially(String diskless, @TempDir Path dir)
            throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync", diskless,
                "--repl-diskless-sync-delay", "0"); RawClient m = new RawClient(t.port())) {
            m.call("DEBUG", "POPULATE", "20000");
            workload(m, 1, 500);
            try (RealRedis r = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(t.port()));
                 RawClient rc = new RawClient(r.port())) {
                await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
                assertTrue(field(m, "replication", "slave0").contains("state=online"));
                workload(m, 2, 2000);
                assertSameData(m, rc);
                assertEquals("1", field(m, "stats", "sync_full"));
                assertEquals(diskless.equals("no"), java.nio.file.Files.exists(dir.resolve("dump.rdb")),
                        "only a disk-based sync writes the master's file");

                rc.call("CLIENT", "KILL", "TYPE", "master");
                workload(m, 3, 500);
                await("the link is up again", () -> field(rc, "replication", "master_link_status").equals("up")
                        && field(m, "stats", "sync_partial_ok").equals("1"));
                workload(m, 4, 200);
                assertSameData(m, rc);
                assertEquals("1", field(m, "stats", "sync_full"), "no second full sync");
                assertEquals(field(m, "replication", "master_replid"), field(rc, "replication", "master_replid"));

                assertTrue(m.call("CLIENT", "LIST", "TYPE", "replica").contains("flags=S"));
                assertEquals(":1\r\n", m.call("CLIENT", "KILL", "TYPE", "replica"));
                workload(m, 5, 300);
                await("the replica resyncs partially from the master's side too", () -> field(m, "stats",
                        "sync_partial_ok").equals("2") && field(rc, "replication", "master_link_status").equals("up"));
                assertSameData(m, rc);
                assertEquals("1", field(m, "clients", "connected_clients"), "the replica is not counted as a client");
                m.call("CONFIG", "RESETSTAT");
                assertEquals("0", field(m, "stats", "sync_full"));
                assertEquals("0", field(m, "stats", "sync_partial_ok"));
            }
        }
    }

    @Test
    void waitCountsTheReplicasThatAcknowledgedTheWrites(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync-delay", "0");
             RawClient m = new RawClient(t.port())) {
            assertEquals(":0\r\n", m.call("WAIT", "0", "0"));
            assertEquals("-ERR timeout is negative\r\n", m.call("WAIT", "1", "-1"));
            RealRedis r = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(t.port()));
            try (RawClient rc = new RawClient(r.port())) {
                await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
                m.call("SET", "k", "v");
                long start = System.nanoTime();
                assertEquals(":1\r\n", m.call("WAIT", "1", "5000"));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4),
                        "answered when the replica acknowledged, not at the timeout");
                assertEquals(":1\r\n", m.call("WAIT", "2", "300"), "only one replica: the timeout answers 1");
                m.call("MULTI");
                m.call("WAIT", "5", "0");
                assertTrue(m.call("EXEC").matches("\\*1\r\n:[01]\r\n"), "inside MULTI WAIT answers at once");
            } finally {
                r.close();
            }
            await("the master sees the replica gone", () -> field(m, "replication", "connected_slaves").equals("0"));
            m.call("SET", "k", "w");
            assertEquals(":0\r\n", m.call("WAIT", "1", "200"));
        }
    }

    @Test
    void replicasArrivingDuringOneDiskSyncShareItsSnapshot(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync", "no");
             RawClient m = new RawClient(t.port())) {
            m.call("DEBUG", "POPULATE", "2000");
            m.call("CONFIG", "SET", "rdb-key-save-delay", "500");
            String port = Integer.toString(t.port());
            try (RealRedis a = RealRedis.start("--replicaof", "127.0.0.1", port);
                 RawClient ac = new RawClient(a.port())) {
                await("the first sync's save runs",
                        () -> field(m, "persistence", "rdb_bgsave_in_progress").equals("1"));
                m.call("SET", "during", "1");
                try (RealRedis b = RealRedis.start("--replicaof", "127.0.0.1", port);
                     RawClient bc = new RawClient(b.port())) {
                    await("both links are up", () -> field(ac, "replication", "master_link_status").equals("up")
                            && field(bc, "replication", "master_link_status").equals("up"));
                    assertEquals("2", field(m, "stats", "sync_full"));
                    assertEquals("1", field(m, "stats", "total_forks"), "one snapshot served both");
                    m.call("SET", "after", "2");
                    assertSameData(m, ac);
                    assertSameData(m, bc);
                }
            }
        }
    }

    @Test
    void replicasArrivingWithinTheDisklessDelayShareOneStreamedSnapshot(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "60", "--repl-diskless-sync-max-replicas", "2");
             RawClient m = new RawClient(t.port())) {
            m.call("DEBUG", "POPULATE", "5000");
            String port = Integer.toString(t.port());
            try (RealRedis a = RealRedis.start("--replicaof", "127.0.0.1", port);
                 RawClient ac = new RawClient(a.port())) {
                await("the first replica waits for the delay", () -> field(m, "replication", "slave0")
                        .contains("state=wait_bgsave"));
                m.call("SET", "while-waiting", "1");
                assertEquals("0", field(m, "persistence", "rdb_bgsave_in_progress"), "the delay holds the save");
                try (RealRedis b = RealRedis.start("--replicaof", "127.0.0.1", port);
                     RawClient bc = new RawClient(b.port())) {
                    await("the second arrival starts the transfer for both, long before the delay",
                            () -> field(ac, "replication", "master_link_status").equals("up")
                                    && field(bc, "replication", "master_link_status").equals("up"));
                    assertEquals("2", field(m, "stats", "sync_full"));
                    assertEquals("1", field(m, "stats", "total_forks"), "one snapshot served both");
                    m.call("SET", "after", "2");
                    assertSameData(m, ac);
                    assertSameData(m, bc);
                    assertTrue(!java.nio.file.Files.exists(dir.resolve("dump.rdb")));
                }
            }
        }
    }

    @Test
    void aReplicaWhoseStreamOutgrowsItsOutputLimitDuringTheSyncIsDroppedAndSyncsAgain(@TempDir Path dir)
            throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync-delay", "0",
                "--client-output-buffer-limit", "replica 64kb 0 0", "--repl-backlog-size", "16kb");
             RawClient m = new RawClient(t.port())) {
            m.call("DEBUG", "POPULATE", "2000");
            m.call("CONFIG", "SET", "rdb-key-save-delay", "1000");
            try (RealRedis r = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(t.port()));
                 RawClient rc = new RawClient(r.port())) {
                await("the sync's save runs", () -> field(m, "persistence", "rdb_bgsave_in_progress").equals("1"));
                String big = "x".repeat(10_000);
                for (int i = 0; i < 20 && dropped(t) == 0; i++) {
                    m.call("SET", "big" + i, big);
                }
                assertEquals(1, dropped(t), "the stream held for the syncing replica counts against its limit");
                m.call("CONFIG", "SET", "rdb-key-save-delay", "0");
                await("the replica syncs again", () -> field(rc, "replication", "master_link_status").equals("up"));
                assertSameData(m, rc);
            }
        }
    }

    private static long dropped(TestServer t) throws Exception {
        java.util.concurrent.CompletableFuture<Long> n = new java.util.concurrent.CompletableFuture<>();
        t.server().executor().execute(() -> n.complete(t.server().stats().clientOutputBufferLimitDisconnections));
        return n.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void minReplicasToWriteRefusesWritesWithoutEnoughGoodReplicas(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync-delay", "0");
             RawClient m = new RawClient(t.port())) {
            m.call("CONFIG", "SET", "min-replicas-to-write", "1");
            assertEquals("-NOREPLICAS Not enough good replicas to write.\r\n", m.call("SET", "k", "v"));
            assertEquals("$-1\r\n", m.call("GET", "k"), "reads still run");
            assertTrue(m.call("INFO", "replication").contains("min_slaves_good_slaves:0"));
            try (RealRedis r = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(t.port()));
                 RawClient rc = new RawClient(r.port())) {
                await("the replica counts as good", () -> field(m, "replication", "min_slaves_good_slaves")
                        .equals("1"));
                assertEquals("+OK\r\n", m.call("SET", "k", "v"));
            }
        }
    }
}
