package io.redjay.replication;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.redjay.replication.ReplicationChecks.await;
import static io.redjay.replication.ReplicationChecks.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redjay as a replica: of a real Redis 7.0.15 master (its diskless {@code $EOF:} transfer and its disk-based one) and
 * of another Redjay. The replica ends with the master's dataset (DEBUG DIGEST) after a full sync and the stream,
 * refuses writes while read-only, continues with a partial resync when the master drops the link, and keeps its
 * data and takes writes after REPLICAOF NO ONE.
 */
class RedjayReplicaTest {

    private static void workload(RawClient c, long seed, int ops) throws Exception {
        Random r = new Random(seed);
        for (int i = 0; i < ops; i++) {
            String k = "k" + r.nextInt(40);
            switch (r.nextInt(9)) {
                case 0 -> c.call("SET", k, "v" + r.nextInt(1000));
                case 1 -> c.call("INCRBY", "n" + r.nextInt(10), Integer.toString(r.nextInt(100)));
                case 2 -> c.call("RPUSH", "l" + r.nextInt(5), "e" + r.nextInt(100));
                case 3 -> c.call("SADD", "s" + r.nextInt(5), Integer.toString(r.nextInt(1000)));
                case 4 -> c.call("HSET", "h" + r.nextInt(5), "f" + r.nextInt(30), "x" + r.nextInt(9));
                case 5 -> c.call("ZADD", "z" + r.nextInt(5), Double.toString(r.nextDouble()), "m" + r.nextInt(40));
                case 6 -> c.call("EXPIRE", k, Integer.toString(100 + r.nextInt(1000)));
                case 7 -> c.call("SELECT", Integer.toString(r.nextInt(3)));
                default -> {
                    c.call("MULTI");
                    c.call("INCR", "tx");
                    c.call("LPOP", "l" + r.nextInt(5));
                    c.call("EXEC");
                }
            }
        }
        c.call("SELECT", "0");
    }

    private static void assertSameData(RawClient master, RawClient replica) throws Exception {
        await("the replica catches up", () -> field(replica, "replication", "slave_repl_offset")
                .equals(field(master, "replication", "master_repl_offset")));
        assertEquals(master.call("DEBUG", "DIGEST"), replica.call("DEBUG", "DIGEST"));
    }

    private void followRedis(Path dir, String... masterArgs) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis m = RealRedis.start(masterArgs); RawClient mc = new RawClient(m.port());
             TestServer t = TestServer.start("--dir", dir.toString()); RawClient rc = new RawClient(t.port())) {
            mc.call("DEBUG", "POPULATE", "5000");
            workload(mc, 1, 300);
            assertEquals("+OK\r\n", rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port())));
            await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
            assertTrue(field(mc, "replication", "slave0").contains("state=online"));
            workload(mc, 2, 1000);
            assertSameData(mc, rc);
            assertEquals("-READONLY You can't write against a read only replica.\r\n", rc.call("SET", "x", "1"));
            assertEquals("+OK Already connected to specified master\r\n",
                    rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port())));

            mc.call("CLIENT", "KILL", "TYPE", "replica");
            workload(mc, 3, 300);
            await("a partial resync", () -> field(mc, "stats", "sync_partial_ok").equals("1")
                    && field(rc, "replication", "master_link_status").equals("up"));
            assertSameData(mc, rc);
            assertEquals("1", field(mc, "stats", "sync_full"));

            String digest = rc.call("DEBUG", "DIGEST");
            assertEquals("+OK\r\n", rc.call("REPLICAOF", "NO", "ONE"));
            assertEquals("master", field(rc, "replication", "role"));
            assertEquals(digest, rc.call("DEBUG", "DIGEST"), "the data stays");
            assertEquals("+OK\r\n", rc.call("SET", "x", "1"));
        }
    }

    @Test
    void followsARedisMasterOverADisklessSync(@TempDir Path dir) throws Exception {
        followRedis(dir, "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0");
    }

    @Test
    void followsARedisMasterOverADiskSync(@TempDir Path dir) throws Exception {
        followRedis(dir, "--repl-diskless-sync", "no");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"no", "yes"})
    void followsARedjayMaster(String diskless, @TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("master"));
        Path b = Files.createDirectories(tmp.resolve("replica"));
        try (TestServer m = TestServer.start("--dir", a.toString(), "--repl-diskless-sync", diskless,
                "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer r = TestServer.start("--dir", b.toString()); RawClient rc = new RawClient(r.port())) {
            mc.call("DEBUG", "POPULATE", "5000");
            workload(mc, 4, 300);
            rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
            assertTrue(rc.call("ROLE").startsWith("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + m.port()
                    + "\r\n$9\r\nconnected\r\n:"), "ROLE of a replica");
            workload(mc, 5, 1000);
            assertSameData(mc, rc);
            assertEquals(field(mc, "replication", "master_replid"), field(rc, "replication", "master_replid"));
            assertEquals("+OK\r\n", rc.call("CLIENT", "KILL", "127.0.0.1:" + m.port()));
            workload(mc, 11, 200);
            await("the replica continues partially after its master link was killed", () -> field(mc, "stats",
                    "sync_partial_ok").equals("1") && field(rc, "replication", "master_link_status").equals("up"));
            assertEquals(":1\r\n", rc.call("CLIENT", "KILL", "TYPE", "master"));
            await("and again", () -> field(mc, "stats", "sync_partial_ok").equals("2")
                    && field(rc, "replication", "master_link_status").equals("up"));
            assertSameData(mc, rc);
            assertEquals("1", field(mc, "stats", "sync_full"));
        }
    }

    /**
     * The seeds' {@code wait_for_sync} (Redis in Action, 4.2.4), through Jedis: a token written on the master is
     * awaited on a replica with the link up, then the replica's AOF fsyncs are awaited, then the token goes.
     */
    @Test
    void waitForSyncFromTheSeedsRunsAgainstARedjayMasterAndAnAppendOnlyReplica(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("master"));
        Path b = Files.createDirectories(tmp.resolve("replica"));
        try (TestServer m = TestServer.start("--dir", a.toString(),
                "--repl-diskless-sync-delay", "0"); TestServer r = TestServer.start("--dir",
                b.toString()); redis.clients.jedis.Jedis mconn = new redis.clients.jedis.Jedis("127.0.0.1", m.port());
             redis.clients.jedis.Jedis sconn = new redis.clients.jedis.Jedis("127.0.0.1", r.port())) {
            sconn.configSet("appendonly", "yes");
            sconn.set("before-the-sync", "gone after it");
            mconn.set("on-the-master", "1");
            sconn.replicaof("127.0.0.1", m.port());
            String identifier = java.util.UUID.randomUUID().toString();
            mconn.zadd("sync:wait", System.currentTimeMillis() / 1000.0, identifier);
            await("the link is up", () -> sconn.info("replication").contains("master_link_status:up"));
            await("the token reached the replica", () -> sconn.zscore("sync:wait", identifier) != null);
            await("the replica's AOF has no fsync pending", () -> sconn.info("persistence")
                    .contains("aof_pending_bio_fsync:0"));
            mconn.zrem("sync:wait", identifier);
            mconn.zremrangeByScore("sync:wait", "-inf", Double.toString(System.currentTimeMillis() / 1000.0 - 900));
            await("the removal reached the replica", () -> sconn.zscore("sync:wait", identifier) == null);
            assertTrue(sconn.info("persistence").contains("aof_enabled:1"));
            try (RawClient mc = new RawClient(m.port()); RawClient rc = new RawClient(r.port())) {
                await("the AOF restarted after the sync has its base", () -> {
                    String p = field(rc, "persistence", "aof_rewrite_in_progress")
                            + field(rc, "persistence", "aof_rewrite_scheduled");
                    return p.equals("00");
                });
                assertEquals("+OK\r\n", rc.call("DEBUG", "LOADAOF"));
                assertEquals(mc.call("DEBUG", "DIGEST"), rc.call("DEBUG", "DIGEST"),
                        "the replica's AOF holds the synced dataset, not the one it replaced");
            }
        }
    }

    private static Process startProcess(Path dir, int port, String... extra) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), "io.redjay.RedjayServer", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--logfile", dir.resolve("log").toString(),
                "--enable-debug-command", "yes", "--save", ""));
        cmd.addAll(java.util.List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aReplicaRestartedFromItsOwnFileContinuesWithAPartialResync(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("master"));
        Path b = Files.createDirectories(tmp.resolve("replica"));
        try (TestServer m = TestServer.start("--dir", a.toString(),
                "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port())) {
            mc.call("DEBUG", "POPULATE", "3000");
            int port = freePort();
            String[] follow = {"--replicaof", "127.0.0.1 " + m.port()};
            Process first = startProcess(b, port, follow);
            try (RawClient rc = RawClient.whenUp(port, first)) {
                await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
                workload(mc, 6, 500);
                await("caught up", () -> field(rc, "replication", "slave_repl_offset")
                        .equals(field(mc, "replication", "master_repl_offset")));
                rc.command("SHUTDOWN", "SAVE");
            }
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            workload(mc, 7, 300);
            Process second = startProcess(b, port, follow);
            try (RawClient rc = RawClient.whenUp(port, second)) {
                await("the link is up again", () -> field(rc, "replication", "master_link_status").equals("up"));
                assertSameData(mc, rc);
                assertEquals("1", field(mc, "stats", "sync_full"), "the restart did not need a full sync");
                assertEquals("1", field(mc, "stats", "sync_partial_ok"));
            } finally {
                second.destroy();
                assertTrue(second.waitFor(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aMasterRestartedFromItsFileStartsANewHistoryItsReplicasContinueWithTheDelsOfWhatExpired(@TempDir Path tmp)
            throws Exception {
        Path a = Files.createDirectories(tmp.resolve("master"));
        int port = freePort();
        Process first = startProcess(a, port, "--repl-diskless-sync-delay", "0");
        try (TestServer r = TestServer.start("--dir", Files.createDirectories(tmp.resolve("r")).toString());
             RawClient rc = new RawClient(r.port())) {
            String oldId;
            try (RawClient mc = RawClient.whenUp(port, first)) {
                mc.call("DEBUG", "POPULATE", "1000");
                rc.call("REPLICAOF", "127.0.0.1", Integer.toString(port));
                await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
                workload(mc, 14, 300);
                for (int i = 0; i < 20; i++) {
                    mc.call("SET", "short" + i, "v", "PX", "1500");
                }
                await("caught up", () -> field(rc, "replication", "slave_repl_offset")
                        .equals(field(mc, "replication", "master_repl_offset")));
                oldId = field(mc, "replication", "master_replid");
                mc.command("SHUTDOWN", "SAVE");
            }
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            Thread.sleep(1600); // the short keys' time passes while the master is down
            Process second = startProcess(a, port, "--repl-diskless-sync-delay", "0");
            try (RawClient mc = RawClient.whenUp(port, second)) {
                await("the replica is back", () -> field(rc, "replication", "master_link_status").equals("up"));
                assertEquals(oldId, field(mc, "replication", "master_replid2"), "the file's history continues");
                assertTrue(!oldId.equals(field(mc, "replication", "master_replid")), "under a new ID");
                assertEquals("1", field(mc, "stats", "sync_partial_ok"));
                assertEquals("0", field(mc, "stats", "sync_full"));
                assertSameData(mc, rc);
                assertEquals(mc.call("DBSIZE"), rc.call("DBSIZE"), "the expired keys' DELs reached the replica");
            } finally {
                second.destroy();
                assertTrue(second.waitFor(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aPromotedReplicaTakesOverItsSiblingWithAPartialResync(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        Path a = Files.createDirectories(tmp.resolve("master"));
        Path b = Files.createDirectories(tmp.resolve("replica"));
        try (TestServer m = TestServer.start("--dir", a.toString(),
                "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer r = TestServer.start("--dir", b.toString()); RawClient rc = new RawClient(r.port())) {
            mc.call("DEBUG", "POPULATE", "2000");
            promoteWithSibling(mc, rc, r.port(), m.port());
        }
    }

    /** DEBUG POPULATE is not propagated, so the sibling starts after it and gets the keys in its full sync. */
    private static void promoteWithSibling(RawClient mc, RawClient rc, int replicaPort, int masterPort)
            throws Exception {
        try (RealRedis sibling = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(masterPort));
             RawClient sc = new RawClient(sibling.port())) {
            rc.call("REPLICAOF", "127.0.0.1", Integer.toString(masterPort));
            await("both replicas are up", () -> field(rc, "replication", "master_link_status").equals("up")
                    && field(sc, "replication", "master_link_status").equals("up"));
            workload(mc, 8, 500);
            assertSameData(mc, rc);
            assertSameData(mc, sc);
            String oldId = field(mc, "replication", "master_replid");
            assertEquals("+OK\r\n", rc.call("REPLICAOF", "NO", "ONE"));
            assertEquals(oldId, field(rc, "replication", "master_replid2"));
            sc.call("REPLICAOF", "127.0.0.1", Integer.toString(replicaPort));
            await("the sibling follows the promoted replica", () -> field(sc, "replication", "master_link_status")
                    .equals("up") && field(sc, "replication", "master_port").equals(Integer.toString(replicaPort)));
            assertEquals("1", field(rc, "stats", "sync_partial_ok"), "continued from the old master's history");
            assertEquals("0", field(rc, "stats", "sync_full"));
            workload(rc, 9, 300);
            assertSameData(rc, sc);
        }
    }

    @Test
    void aFormerMasterFollowsItsPromotedReplicaWithAPartialResync(@TempDir Path tmp) throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        try (TestServer m = TestServer.start("--dir", a.toString(),
                "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer r = TestServer.start("--dir", b.toString(),
                     "--repl-diskless-sync-delay", "0"); RawClient rc = new RawClient(r.port())) {
            mc.call("DEBUG", "POPULATE", "2000");
            rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
            workload(mc, 12, 300);
            assertSameData(mc, rc);

            assertEquals("+OK\r\n", rc.call("REPLICAOF", "NO", "ONE"));
            assertEquals("+OK\r\n", mc.call("REPLICAOF", "127.0.0.1", Integer.toString(r.port())));
            await("the old master follows", () -> field(mc, "replication", "master_link_status").equals("up"));
            assertEquals("1", field(rc, "stats", "sync_partial_ok"), "its own history was continued");
            assertEquals("0", field(rc, "stats", "sync_full"));
            assertEquals(field(rc, "replication", "master_replid"), field(mc, "replication", "master_replid"));
            workload(rc, 13, 300);
            assertSameData(rc, mc);
        }
    }

    @Test
    void aConfiguredReplicaAsksForAFullSyncAndOneToldAtRunTimeOffersItsOwnHistoryFirst(@TempDir Path tmp)
            throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis m = RealRedis.start("--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer configured = TestServer.start("--dir", Files.createDirectories(tmp.resolve("a")).toString(),
                     "--replicaof", "127.0.0.1", Integer.toString(m.port()));
             RawClient ac = new RawClient(configured.port())) {
            await("the configured replica is up", () -> field(ac, "replication", "master_link_status").equals("up"));
            assertEquals("0", field(mc, "stats", "sync_partial_err"), "PSYNC ? -1: no history to offer");
            try (TestServer told = TestServer.start("--dir", Files.createDirectories(tmp.resolve("b")).toString());
                 RawClient bc = new RawClient(told.port())) {
                bc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
                await("the other is up", () -> field(bc, "replication", "master_link_status").equals("up"));
                assertEquals("1", field(mc, "stats", "sync_partial_err"), "its own ID was offered and refused");
                assertEquals("2", field(mc, "stats", "sync_full"));
            }
        }
    }

    @Test
    void keysPastTheirTimeReadAsAbsentOnAReplicaButStayUntilTheMasterDeletesThem(@TempDir Path tmp)
            throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis m = RealRedis.start("--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             RealRedis theirs = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(m.port()));
             RawClient rc = new RawClient(theirs.port());
             TestServer ours = TestServer.start("--dir", tmp.toString(), "--replicaof", "127.0.0.1",
                     Integer.toString(m.port()));
             RawClient jc = new RawClient(ours.port())) {
            await("both replicas are up", () -> field(rc, "replication", "master_link_status").equals("up")
                    && field(jc, "replication", "master_link_status").equals("up"));
            mc.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            mc.call("SET", "gone", "v", "PX", "200");
            mc.call("SET", "kept", "v");
            await("the replicas have the keys", () -> field(jc, "keyspace", "db0").startsWith("keys=2")
                    && field(rc, "keyspace", "db0").startsWith("keys=2"));
            await("the key's time passes on both replicas", () -> digest(rc, "EXISTS", "gone").equals(":0\r\n")
                    && digest(jc, "EXISTS", "gone").equals(":0\r\n"));
            String[][] reads = {{"GET", "gone"}, {"EXISTS", "gone"}, {"TTL", "gone"}, {"KEYS", "*"}, {"DBSIZE"},
                {"SCAN", "0"}, {"TYPE", "gone"}};
            for (String[] read : reads) {
                assertEquals(rc.call(read), jc.call(read), String.join(" ", read));
            }
            mc.call("GET", "gone");
            await("the master's DEL arrives", () -> field(jc, "keyspace", "db0").startsWith("keys=1"));
        }
    }

    @Test
    void clientsBlockedOnKeysAreUnblockedAndClosedWhenTheMasterBecomesAReplica(@TempDir Path tmp) throws Exception {
        try (TestServer t = TestServer.start("--dir", tmp.toString()); RawClient c = new RawClient(t.port());
             RawClient blocked = new RawClient(t.port())) {
            blocked.command("BLPOP", "list", "0");
            await("the client blocks", () -> field(c, "clients", "blocked_clients").equals("1"));
            c.call("REPLICAOF", "127.0.0.1", Integer.toString(freePort()));
            assertEquals("-UNBLOCKED force unblock from blocking operation, instance state changed (master -> "
                    + "replica?)\r\n", blocked.readReply());
            assertTrue(blocked.closedByServer());
            assertEquals("0", field(c, "clients", "blocked_clients"));
        }
    }

    @Test
    void debugReplicateReachesOnlyTheReplicasAndChangeReplIdStartsANewHistory(@TempDir Path tmp) throws Exception {
        try (TestServer m = TestServer.start("--dir", Files.createDirectories(tmp.resolve("m")).toString(),
                "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer r = TestServer.start("--dir", Files.createDirectories(tmp.resolve("r")).toString(),
                     "--replicaof", "127.0.0.1", Integer.toString(m.port()));
             RawClient rc = new RawClient(r.port())) {
            await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
            assertEquals("+OK\r\n", mc.call("DEBUG", "REPLICATE", "SET", "diverged", "1"));
            await("the replica applied it", () -> digest(rc, "GET", "diverged").equals("$1\r\n1\r\n"));
            assertEquals("$-1\r\n", mc.call("GET", "diverged"), "the master did not");
            String before = field(mc, "replication", "master_replid");
            assertEquals("+OK\r\n", mc.call("DEBUG", "CHANGE-REPL-ID"));
            assertTrue(!before.equals(field(mc, "replication", "master_replid")));
            assertEquals("0000000000000000000000000000000000000000", field(mc, "replication", "master_replid2"));
        }
    }

    @Test
    void aWritableReplicaExpiresTheKeysItsOwnClientsGaveATtlAndOnlyThose(@TempDir Path tmp) throws Exception {
        try (TestServer m = TestServer.start("--dir", Files.createDirectories(tmp.resolve("m")).toString(),
                "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer r = TestServer.start("--dir", Files.createDirectories(tmp.resolve("r")).toString(),
                     "--replicaof", "127.0.0.1", Integer.toString(m.port()), "--replica-read-only", "no");
             RawClient rc = new RawClient(r.port())) {
            await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
            mc.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
            mc.call("SET", "masters", "v", "PX", "100");
            await("the master's key arrives", () -> digest(rc, "DBSIZE").equals(":1\r\n"));
            assertEquals("+OK\r\n", rc.call("SET", "mine", "v", "PX", "100"));
            assertEquals("+OK\r\n", rc.call("SET", "kept", "v"));
            await("the replica's own key is deleted", () -> digest(rc, "DBSIZE").equals(":2\r\n"));
            assertEquals("$-1\r\n", rc.call("GET", "masters"), "the master's key reads as expired");
            assertEquals(":0\r\n", rc.call("EXISTS", "mine"));
            mc.call("SET", "other", "v", "PX", "100");
            await("the master's second key arrives and its time passes", () -> digest(rc, "DBSIZE").equals(":3\r\n")
                    && digest(rc, "EXISTS", "other").equals(":0\r\n"));
            assertEquals(":1\r\n", rc.call("INCR", "other"), "a write replaces the expired key");
            assertEquals(":-1\r\n", rc.call("TTL", "other"));
            assertEquals(":3\r\n", rc.call("DBSIZE"), "replaced, not added beside it");
            mc.call("GET", "masters");
            await("and is deleted when its master says so", () -> digest(rc, "DBSIZE").equals(":2\r\n"));
        }
    }

    @Test
    void aReplicaOfAnUnreachableMasterAnswersMasterdownWhenStaleDataIsRefused(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--replica-serve-stale-data", "no");
             RawClient c = new RawClient(t.port())) {
            c.call("SET", "k", "v");
            c.call("REPLICAOF", "127.0.0.1", Integer.toString(freePort()));
            assertEquals("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n",
                    c.call("GET", "k"));
            assertTrue(c.call("INFO", "replication").contains("master_link_status:down"), "INFO still answers");
            c.call("CONFIG", "SET", "replica-serve-stale-data", "yes");
            assertEquals("$1\r\nv\r\n", c.call("GET", "k"));

            c.call("REPLICAOF", "NO", "ONE");
            try (RawClient other = new RawClient(t.port())) {
                other.call("CONFIG", "SET", "replica-serve-stale-data", "no");
                c.call("MULTI");
                c.call("GET", "k");
                other.call("REPLICAOF", "127.0.0.1", Integer.toString(freePort()));
                assertTrue(c.call("EXEC").startsWith("-EXECABORT Transaction discarded because of: MASTERDOWN"),
                        "a transaction queued before the replica went stale is refused at EXEC");
            }
        }
    }

    @Test
    void aChainRedisToRedjayToRedisEndsWithTheSameData(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis top = RealRedis.start(
                "--repl-diskless-sync-delay", "0"); RawClient tc = new RawClient(top.port());
             TestServer mid = TestServer.start("--dir", dir.toString(),
                     "--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(mid.port())) {
            tc.call("DEBUG", "POPULATE", "2000");
            mc.call("REPLICAOF", "127.0.0.1", Integer.toString(top.port()));
            await("the middle link is up", () -> field(mc, "replication", "master_link_status").equals("up"));
            try (RealRedis bottom = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(mid.port()));
                 RawClient bc = new RawClient(bottom.port())) {
                await("the bottom link is up", () -> field(bc, "replication", "master_link_status").equals("up"));
                workload(tc, 10, 800);
                assertSameData(tc, mc);
                await("the bottom replica ends with the top's data", () -> digest(tc).equals(digest(bc)));
                String topId = field(tc, "replication", "master_replid");
                assertEquals(topId, field(mc, "replication", "master_replid"), "the chain has one history");
                assertEquals(topId, field(bc, "replication", "master_replid"));
                await("the whole chain is at the top's offset", () -> field(bc, "replication", "master_repl_offset")
                        .equals(field(tc, "replication", "master_repl_offset")));

                mc.call("CLIENT", "KILL", "TYPE", "replica");
                workload(tc, 11, 200);
                await("the bottom continues from the middle", () -> field(mc, "stats", "sync_partial_ok")
                        .equals("1") && field(bc, "replication", "master_link_status").equals("up"));
                await("and gets the top's data", () -> digest(tc).equals(digest(bc)));
            }
        }
    }

    private static String digest(RawClient c, String... call) {
        try {
            return c.call(call);
        } catch (Exception e) {
            return "unreachable";
        }
    }

    private static String digest(RawClient c) {
        try {
            return c.call("DEBUG", "DIGEST");
        } catch (Exception e) {
            return "unreachable";
        }
    }
}
