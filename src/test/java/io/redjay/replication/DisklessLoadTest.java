package io.redjay.replication;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.redjay.replication.ReplicationChecks.await;
import static io.redjay.replication.ReplicationChecks.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code repl-diskless-load} on a Redjay replica of a real Redis master: {@code on-empty-db} parses the master's
 * payload straight from the socket when the replica holds nothing (and goes through a file otherwise),
 * {@code swapdb} always parses from the socket into a staged dataset, serving the old one meanwhile when the
 * master's history is the one already followed, and keeping it when the transfer fails. A socket load leaves no
 * {@code dbfilename} behind, which is how the tests tell the two paths apart.
 */
class DisklessLoadTest {

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no"})
    void onEmptyDbParsesFromTheSocketOnlyWhenTheReplicaIsEmpty(String masterDiskless, @TempDir Path tmp)
            throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path full = Files.createDirectories(tmp.resolve("full"));
        try (RealRedis m = RealRedis.start("--repl-diskless-sync", masterDiskless, "--repl-diskless-sync-delay", "0");
             RawClient mc = new RawClient(m.port());
             TestServer a = TestServer.start("--dir", empty.toString(), "--repl-diskless-load", "on-empty-db");
             RawClient ac = new RawClient(a.port());
             TestServer b = TestServer.start("--dir", full.toString(), "--repl-diskless-load", "on-empty-db");
             RawClient bc = new RawClient(b.port())) {
            mc.call("DEBUG", "POPULATE", "20000");
            mc.call("SET", "k", "v");
            bc.call("SET", "mine", "1");
            ac.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            bc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("both links are up", () -> field(ac, "replication", "master_link_status").equals("up")
                    && field(bc, "replication", "master_link_status").equals("up"));
            mc.call("SET", "after", "1");
            String digest = mc.call("DEBUG", "DIGEST");
            await("both replicas have the master's data", () -> digest(ac).equals(digest) && digest(bc).equals(digest));
            assertFalse(Files.exists(empty.resolve("dump.rdb")), "the empty replica parsed the socket");
            assertTrue(Files.exists(full.resolve("dump.rdb")), "the other went through its file");
        }
    }

    @Test
    void swapdbServesTheOldDataWhileLoadingAndSwapsAtTheEnd(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (RealRedis m = RealRedis.start("--repl-diskless-sync-delay", "0"); RawClient mc = new RawClient(m.port());
             TestServer r = TestServer.start("--dir", tmp.toString(), "--repl-diskless-load", "swapdb");
             RawClient rc = new RawClient(r.port())) {
            mc.call("DEBUG", "POPULATE", "2000");
            mc.call("SET", "k", "old");
            rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("the link is up", () -> field(rc, "replication", "master_link_status").equals("up"));
            assertEquals("$3\r\nold\r\n", rc.call("GET", "k"));

            rc.call("REPLICAOF", "127.0.0.1", "1");
            mc.call("CONFIG", "SET", "repl-backlog-size", "16384");
            mc.call("SET", "k", "new");
            mc.call("SET", "filler", "x".repeat(100_000));
            mc.call("CONFIG", "SET", "rdb-key-save-delay", "1000");
            rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            await("a full sync of the same history runs", () -> field(rc, "persistence", "async_loading")
                    .equals("1"));
            assertEquals("$3\r\nold\r\n", rc.call("GET", "k"), "reads see the old data during the load");
            assertEquals("0", field(rc, "persistence", "loading"));
            String loading = "-LOADING Redis is loading the dataset in memory\r\n";
            assertEquals(loading, rc.call("REPLICAOF", "NO", "ONE"), "what would change the replication is refused");
            assertEquals(loading, rc.call("CONFIG", "SET", "appendonly", "yes"));
            mc.call("CONFIG", "SET", "rdb-key-save-delay", "0");
            await("the load ends", () -> field(rc, "replication", "master_link_status").equals("up"));
            assertEquals("$3\r\nnew\r\n", rc.call("GET", "k"));
            assertEquals(mc.call("DEBUG", "DIGEST"), rc.call("DEBUG", "DIGEST"));
            assertFalse(Files.exists(tmp.resolve("dump.rdb")), "nothing went through a file");
        }
    }

    @Test
    void swapdbKeepsTheOldDataWhenTheMasterDiesDuringTheTransfer(@TempDir Path tmp) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer r = TestServer.start("--dir", tmp.toString(), "--repl-diskless-load", "swapdb");
             RawClient rc = new RawClient(r.port())) {
            rc.call("SET", "mine", "1");
            String before = rc.call("DEBUG", "DIGEST");
            try (RealRedis m = RealRedis.start("--repl-diskless-sync-delay", "0", "--rdb-key-save-delay", "2000");
                 RawClient mc = new RawClient(m.port())) {
                mc.call("DEBUG", "POPULATE", "5000");
                rc.call("REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
                await("the transfer runs", () -> field(rc, "replication", "master_sync_in_progress").equals("1")
                        && !field(rc, "replication", "master_sync_read_bytes").equals("0"));
            }
            await("the sync and its load are given up", () -> field(rc, "replication", "master_sync_in_progress")
                    .equals("0") && field(rc, "persistence", "loading").equals("0"));
            assertEquals(before, rc.call("DEBUG", "DIGEST"), "the old data stays");
            assertEquals("$1\r\n1\r\n", rc.call("GET", "mine"));
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
