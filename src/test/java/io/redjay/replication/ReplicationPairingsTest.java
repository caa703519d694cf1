package io.redjay.replication;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.redjay.replication.ReplicationChecks.await;
import static io.redjay.replication.ReplicationChecks.field;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential replication: the same scenario for each way Redjay and Redis 7.0.15 can be paired (Redjay master with
 * a Redis replica, Redis master with a Redjay replica, Redjay with Redjay, and the chain Redis, Redjay, Redis), with
 * the master's full sync on disk and diskless. A seeded {@link RandomWorkload} writes on the top master before the
 * replica attaches, while the full sync runs (from a second thread, over {@value #POPULATE} populated keys so that
 * the sync lasts a moment; they are flushed once the full syncs are checked) and after it. Once the short-lived keys
 * have expired on the master and their DELs reached the replicas, every node must hold the same data (DEBUG DIGEST,
 * the size of each database, the absolute expiry of the workload's keys) and stand at the same replication ID and
 * offset, which in the chain means that the middle node passes its master's history on byte for byte. Then each link
 * is cut during writes, from the replica's side (CLIENT KILL TYPE master) after a disk sync and from the master's
 * (CLIENT KILL TYPE replica) after a diskless one, and must come back with a partial resynchronization, never a
 * second full one, with the nodes below still attached and the same data. Which transfer a full sync used (the
 * {@code $EOF:} stream or a sized file) is read from the replica's log, Redis's own line; it and the IDs and offsets
 * are checked at the end, so that a wrong one does not hide the rest.
 */
class ReplicationPairingsTest {
    private static final int POPULATE = 200_000;
    /** Where the populated keys are, out of the workload's way; flushed once the full syncs are checked. */
    private static final int POPULATED_DB = 9;
    private static final String TRANSFER_LINE = "MASTER <-> REPLICA sync: receiving ";

    /** The master's {@code repl-diskless-sync}. */
    enum Transfer {
        DISK("no"), DISKLESS("yes");

        final String setting;

        Transfer(String setting) {
            this.setting = setting;
        }
    }

    /** Once every node holds the marker, the offsets have this long to settle (a PING can be on its way). */
    private static final int OFFSET_WAIT_SECONDS = 1;

    private final ListAppender<ILoggingEvent> redjayLog = new ListAppender<>();
    /** Checked at the end of a test: which transfer each full sync used, whether the offsets agreed. */
    private final List<Executable> deferred = new ArrayList<>();
    private int markers;

    @BeforeEach
    void captureRedjayLog() {
        redjayLog.start();
        ((Logger) LoggerFactory.getLogger("redjay")).addAppender(redjayLog);
    }

    @AfterEach
    void releaseRedjayLog() {
        ((Logger) LoggerFactory.getLogger("redjay")).detachAppender(redjayLog);
        redjayLog.stop();
    }

    @ParameterizedTest(name = "Redjay -> Redis, {0} sync")
    @EnumSource(Transfer.class)
    void aRedisReplicaOfRedjay(Transfer transfer, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (Node master = Node.redjay("redjay master", dir.resolve("m"), transfer);
             Node replica = Node.redis("redis replica", transfer)) {
            exercise(transfer, master, replica);
        }
    }

    @ParameterizedTest(name = "Redis -> Redjay, {0} sync")
    @EnumSource(Transfer.class)
    void aRedjayReplicaOfRedis(Transfer transfer, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (Node master = Node.redis("redis master", transfer);
             Node replica = Node.redjay("redjay replica", dir.resolve("r"), transfer)) {
            exercise(transfer, master, replica);
        }
    }

    @ParameterizedTest(name = "Redjay -> Redjay, {0} sync")
    @EnumSource(Transfer.class)
    void aRedjayReplicaOfRedjay(Transfer transfer, @TempDir Path dir) throws Exception {
        try (Node master = Node.redjay("redjay master", dir.resolve("m"), transfer);
             Node replica = Node.redjay("redjay replica", dir.resolve("r"), transfer)) {
            exercise(transfer, master, replica);
        }
    }

    @ParameterizedTest(name = "Redis -> Redjay -> Redis, {0} sync")
    @EnumSource(Transfer.class)
    void aChainRedisRedjayRedis(Transfer transfer, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (Node top = Node.redis("redis top", transfer);
             Node middle = Node.redjay("redjay middle", dir.resolve("mid"), transfer);
             Node bottom = Node.redis("redis bottom", transfer)) {
            exercise(transfer, top, middle, bottom);
        }
    }

    /** {@code chain[0]} is the top master; each next node replicates the one before it. */
    private void exercise(Transfer transfer, Node... chain) throws Exception {
        Node top = chain[0];
        top.c.call("SELECT", Integer.toString(POPULATED_DB));
        assertEquals("+OK\r\n", top.c.call("DEBUG", "POPULATE", Integer.toString(POPULATE)));
        top.c.call("SELECT", "0");
        try (RawClient w = new RawClient(top.port); RawClient b = new RawClient(top.port)) {
            new RandomWorkload(w, b, 1).run(1500);
        }
        for (int i = 1; i < chain.length; i++) {
            Node parent = chain[i - 1];
            Node child = chain[i];
            int fullBefore = stat(parent, "sync_full");
            try (BackgroundWrites writes = new BackgroundWrites(top, 10 + i)) {
                assertEquals("+OK\r\n", child.c.call("REPLICAOF", "127.0.0.1", Integer.toString(parent.port)));
                await(parent.name + " starts a full sync", () -> stat(parent, "sync_full") == fullBefore + 1);
                int atStart = writes.done();
                await(child.name + "'s link is up", () -> field(child.c, "replication", "master_link_status")
                        .equals("up"));
                int atEnd = writes.done();
                writes.finish();
                assertTrue(atEnd > atStart, "writes ran on the master during the full sync of " + child.name);
            }
            String line = transferLine(child);
            deferred.add(() -> assertTrue(transfer == Transfer.DISKLESS
                    ? line.startsWith(TRANSFER_LINE + "streamed RDB from master with EOF")
                    : line.matches(TRANSFER_LINE + "[0-9]+ bytes from master.*"),
                    child.name + " after a " + transfer + " sync from " + parent.name + " logged: " + line));
        }
        try (RawClient w = new RawClient(top.port); RawClient b = new RawClient(top.port)) {
            new RandomWorkload(w, b, 2).run(1500);
        }
        assertSameData("after the full syncs", chain);
        top.c.call("SELECT", Integer.toString(POPULATED_DB));
        assertEquals("+OK\r\n", top.c.call("FLUSHDB"));
        top.c.call("SELECT", "0");

        for (int i = 1; i < chain.length; i++) {
            cutDuringWrites(chain, i, transfer == Transfer.DISK);
        }
        assertAll("the transfer of each full sync, the offsets after each phase", deferred);
    }

    /**
     * Cuts the link from {@code chain[i - 1]} to {@code chain[i]} while the top master takes writes, from the replica's
     * side or from the master's, and expects a partial resynchronization that leaves the nodes below attached.
     */
    private void cutDuringWrites(Node[] chain, int i, boolean fromReplica) throws Exception {
        Node parent = chain[i - 1];
        Node child = chain[i];
        int full = stat(parent, "sync_full");
        int partial = stat(parent, "sync_partial_ok");
        int[] belowFull = new int[chain.length];
        int[] belowPartial = new int[chain.length];
        for (int j = i; j < chain.length; j++) {
            belowFull[j] = stat(chain[j], "sync_full");
            belowPartial[j] = stat(chain[j], "sync_partial_ok");
        }
        String how = fromReplica ? "CLIENT KILL TYPE master on " + child.name
                : "CLIENT KILL TYPE replica on " + parent.name;
        try (BackgroundWrites writes = new BackgroundWrites(chain[0], 20 + i)) {
            await("writes run", () -> writes.done() > 100);
            assertEquals(":1\r\n", fromReplica ? child.c.call("CLIENT", "KILL", "TYPE", "master")
                    : parent.c.call("CLIENT", "KILL", "TYPE", "replica"), how);
            await(child.name + " resyncs after " + how, () -> (stat(parent, "sync_partial_ok") > partial
                    || stat(parent, "sync_full") > full) && field(child.c, "replication", "master_link_status")
                    .equals("up"));
            int resumed = writes.done();
            await("writes go on after the resync", () -> writes.done() > resumed + 100);
            writes.finish();
        }
        assertEquals(full, stat(parent, "sync_full"), "no full sync after " + how);
        assertEquals(partial + 1, stat(parent, "sync_partial_ok"), "one partial resync after " + how);
        for (int j = i; j < chain.length; j++) {
            assertEquals(belowFull[j], stat(chain[j], "sync_full"), chain[j].name + "'s replicas stay attached");
            assertEquals(belowPartial[j], stat(chain[j], "sync_partial_ok"),
                    chain[j].name + "'s replicas stay attached");
        }
        assertSameData("after " + how, chain);
    }

    /**
     * Waits for quiescence, then compares every node's data with the top master's: the short-lived keys are expired
     * there (their DELs propagated), then a marker written last must have reached every node, so everything before it
     * has. Whether the offsets agree is recorded for the end of the test (a wrong offset does not hide the rest).
     */
    private void assertSameData(String phase, Node... chain) throws Exception {
        Node top = chain[0];
        RandomWorkload.awaitShortLivedExpired(top.c);
        String marker = Integer.toString(++markers);
        assertEquals("+OK\r\n", top.c.call("SET", "marker", marker));
        for (int i = 1; i < chain.length; i++) {
            Node n = chain[i];
            await("the marker reaches " + n.name + " " + phase, () -> {
                try {
                    return n.c.call("GET", "marker").equals("$" + marker.length() + "\r\n" + marker + "\r\n");
                } catch (IOException e) {
                    return false;
                }
            });
        }
        List<String> digests = digests(chain);
        String digest = digests.get(0);
        List<String> sizes = sizes(top);
        List<String> expiries = RandomWorkload.expiryTimes(top.c);
        for (int i = 1; i < chain.length; i++) {
            Node n = chain[i];
            String d = digests.get(i);
            if (!d.equals(digest)) {
                throw new AssertionError("DEBUG DIGEST of " + n.name + " " + phase + " " + d.trim() + " differs from "
                        + top.name + "'s " + digest.trim() + "; the keys that differ: " + differingKeys(top, n));
            }
            assertEquals(sizes, sizes(n), "DBSIZE of each database on " + n.name + " " + phase);
            assertEquals(expiries, RandomWorkload.expiryTimes(n.c), "expiry times on " + n.name + " " + phase);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OFFSET_WAIT_SECONDS);
        while (!offsetsAgree(chain) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        boolean agree = offsetsAgree(chain);
        String offsets = offsets(chain);
        deferred.add(() -> assertTrue(agree, "the replication IDs and offsets " + phase + ": " + offsets));
    }

    /**
     * The top master's master_repl_offset is every replica's slave_repl_offset and master_repl_offset, and its
     * master_replid every replica's (the history a replica serves its own replicas is its master's).
     */
    private static boolean offsetsAgree(Node... chain) {
        String master = field(chain[0].c, "replication", "master_repl_offset");
        String id = field(chain[0].c, "replication", "master_replid");
        for (int i = 1; i < chain.length; i++) {
            if (!field(chain[i].c, "replication", "slave_repl_offset").equals(master)
                    || !field(chain[i].c, "replication", "master_repl_offset").equals(master)
                    || !field(chain[i].c, "replication", "master_replid").equals(id)) {
                return false;
            }
        }
        return !master.isEmpty();
    }

    /** DEBUG DIGEST of every node, taken at the same time (each takes a while over the populated keys). */
    private static List<String> digests(Node... chain) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(chain.length);
        try {
            List<Future<String>> running = new ArrayList<>();
            for (Node n : chain) {
                running.add(pool.submit(() -> n.c.call("DEBUG", "DIGEST")));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> f : running) {
                out.add(f.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String offsets(Node... chain) {
        StringBuilder sb = new StringBuilder();
        for (Node n : chain) {
            sb.append(n.name).append(" master_replid=").append(field(n.c, "replication", "master_replid"))
                    .append(" master_repl_offset=").append(field(n.c, "replication", "master_repl_offset"))
                    .append(" slave_repl_offset=").append(field(n.c, "replication", "slave_repl_offset"))
                    .append("; ");
        }
        return sb.toString();
    }

    private static List<String> sizes(Node n) throws IOException {
        List<String> out = new ArrayList<>();
        for (int db = 0; db < 16; db++) {
            n.c.call("SELECT", Integer.toString(db));
            out.add(db + ":" + n.c.call("DBSIZE").trim());
        }
        n.c.call("SELECT", "0");
        return out;
    }

    /**
     * Every key (of every database, on either node) whose DEBUG DIGEST-VALUE or expiry differs, the first 10, with
     * its value on each node.
     */
    private static List<String> differingKeys(Node a, Node b) throws IOException {
        List<String> out = new ArrayList<>();
        for (int db = 0; db < 16 && out.size() < 10; db++) {
            a.c.call("SELECT", Integer.toString(db));
            b.c.call("SELECT", Integer.toString(db));
            TreeSet<String> keys = new TreeSet<>(allKeys(a.c));
            keys.addAll(allKeys(b.c));
            List<String> batch = new ArrayList<>();
            for (String k : keys) {
                batch.add(k);
                if (batch.size() == 500 || k.equals(keys.last())) {
                    List<String> da = strings(a.c.call(digestValues(batch)));
                    List<String> dbv = strings(b.c.call(digestValues(batch)));
                    for (int j = 0; j < batch.size() && out.size() < 10; j++) {
                        String key = batch.get(j);
                        String ea = a.c.call("PEXPIRETIME", key).trim();
                        String eb = b.c.call("PEXPIRETIME", key).trim();
                        if (!da.get(j).equals(dbv.get(j)) || !ea.equals(eb)) {
                            out.add("db " + db + " " + key + ": " + a.name + " " + describe(a.c, key) + " expiry "
                                    + ea + ", " + b.name + " " + describe(b.c, key) + " expiry " + eb);
                        }
                    }
                    batch.clear();
                }
            }
        }
        a.c.call("SELECT", "0");
        b.c.call("SELECT", "0");
        return out;
    }

    private static String[] digestValues(List<String> keys) {
        List<String> argv = new ArrayList<>(List.of("DEBUG", "DIGEST-VALUE"));
        argv.addAll(keys);
        return argv.toArray(new String[0]);
    }

    /** A key's type and (the start of) its value, readable. */
    private static String describe(RawClient c, String key) throws IOException {
        String type = c.call("TYPE", key).substring(1).trim();
        String value = switch (type) {
            case "string" -> c.call("GET", key);
            case "list" -> c.call("LRANGE", key, "0", "19");
            case "set" -> c.call("SORT", key, "ALPHA", "LIMIT", "0", "20");
            case "hash" -> c.call("HGETALL", key);
            case "zset" -> c.call("ZRANGE", key, "0", "19", "WITHSCORES");
            default -> "";
        };
        String shown = type + " " + strings(value);
        return shown.substring(0, Math.min(shown.length(), 200));
    }

    private static List<String> allKeys(RawClient c) throws IOException {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            List<String> reply = strings(c.call("SCAN", cursor, "COUNT", "1000"));
            cursor = reply.get(0);
            keys.addAll(reply.subList(1, reply.size()));
        } while (!cursor.equals("0"));
        return keys;
    }

    /** The simple, integer and bulk strings of a reply, in order, with the array headers left out. */
    private static List<String> strings(String reply) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < reply.length()) {
            int eol = reply.indexOf("\r\n", i);
            char type = reply.charAt(i);
            String head = reply.substring(i + 1, eol);
            i = eol + 2;
            if (type == '$') {
                int len = Integer.parseInt(head);
                if (len >= 0) {
                    out.add(reply.substring(i, i + len));
                    i += len + 2;
                }
            } else if (type == '+' || type == ':') {
                out.add(head);
            }
        }
        return out;
    }

    private static int stat(Node n, String name) {
        String v = field(n.c, "stats", name);
        return v.isEmpty() ? -1 : Integer.parseInt(v);
    }

    /** The last line of {@code replica}'s log about the RDB transfer of a full sync ("" when there is none). */
    private String transferLine(Node replica) throws IOException {
        List<String> lines = new ArrayList<>();
        if (replica.redisLog != null) {
            lines.addAll(Files.readAllLines(replica.redisLog, StandardCharsets.UTF_8));
        } else {
            for (ILoggingEvent e : new ArrayList<>(redjayLog.list)) {
                lines.add(e.getFormattedMessage());
            }
        }
        String found = "";
        for (String l : lines) {
            int at = l.indexOf(TRANSFER_LINE);
            if (at >= 0) {
                found = l.substring(at);
            }
        }
        return found;
    }

    /** A server of a pairing, the client the test checks it with, and (for Redis) where its log is. */
    private static final class Node implements AutoCloseable {
        final String name;
        final int port;
        final RawClient c;
        final Path redisLog;
        private final AutoCloseable server;

        private Node(String name, int port, AutoCloseable server, Path redisLog) throws IOException {
            this.name = name;
            this.port = port;
            this.server = server;
            this.redisLog = redisLog;
            this.c = new RawClient(port);
        }

        static Node redjay(String name, Path dir, Transfer transfer) throws IOException {
            Files.createDirectories(dir);
            TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync", transfer.setting,
                    "--repl-diskless-sync-delay", "0", "--repl-backlog-size", "32mb");
            return new Node(name, t.port(), t, null);
        }

        static Node redis(String name, Transfer transfer) throws IOException, InterruptedException {
            RealRedis r = RealRedis.start("--repl-diskless-sync", transfer.setting, "--repl-diskless-sync-delay", "0",
                    "--repl-backlog-size", "32mb");
            try (RawClient c = new RawClient(r.port())) {
                List<String> dir = strings(c.call("CONFIG", "GET", "dir"));
                return new Node(name, r.port(), r, Path.of(dir.get(1), "redis.log"));
            }
        }

        @Override
        public void close() throws Exception {
            c.close();
            server.close();
        }
    }

    /** The workload run by a second thread on its own connections, until told to finish (failures come back then). */
    private static final class BackgroundWrites implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final RawClient writer;
        private final RawClient blocker;
        private final RandomWorkload workload;
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> running;

        BackgroundWrites(Node master, long seed) throws IOException {
            writer = new RawClient(master.port);
            blocker = new RawClient(master.port);
            workload = new RandomWorkload(writer, blocker, seed);
            running = thread.submit(() -> {
                workload.runUntil(stop::get, 200_000);
                return null;
            });
        }

        int done() {
            return workload.done();
        }

        void finish() throws Exception {
            stop.set(true);
            try {
                running.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("the background writes failed: " + e.getCause(), e.getCause());
            }
        }

        @Override
        public void close() throws IOException {
            stop.set(true);
            thread.shutdownNow();
            writer.close();
            blocker.close();
        }
    }
}
