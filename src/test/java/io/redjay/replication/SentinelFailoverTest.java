package io.redjay.replication;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.RealSentinel;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisSentinelPool;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static io.redjay.replication.ReplicationChecks.field;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Redis Sentinel 7.0.15 fails over a Redjay master. Sentinel knows an instance only through what it sends it
 * and parses back (PING, INFO's run_id / role / master_host / master_link_status / slave_priority / slaveN lines,
 * CLIENT SETNAME, PUBLISH and SUBSCRIBE on {@code __sentinel__:hello}, and the MULTI / SLAVEOF / CONFIG REWRITE /
 * CLIENT KILL / EXEC transaction that promotes and reconfigures replicas), so a whole failover is the test that those
 * pieces fit together the way Sentinel expects.
 *
 * <p>The topology is a Redjay master, a Redjay replica and a real Redis replica, watched by one Sentinel with quorum 1
 * and a 1 s down-after period, and a Jedis {@link JedisSentinelPool} as the application. Each run prefers one replica
 * through {@code replica-priority}, so both directions are covered: Redjay promoted with Redis reconfigured to follow
 * it, and Redis promoted with Redjay reconfigured to follow it.
 *
 * <p>The master "dies" by closing the in-JVM server: its listener and every connection close at once and later
 * connections are refused, which is what Sentinel and the replicas observe when a master process is killed; with
 * {@code save ""} nothing is written on the way down. A separate JVM per master would add seconds of start-up for no
 * difference on the wire.
 */
class SentinelFailoverTest {
    private static final String NAME = "mymaster";

    /** Which replica gets the better (lower) {@code replica-priority}, and so is promoted. */
    enum Promoted { REDJAY_REPLICA, REDIS_REPLICA }

    @ParameterizedTest
    @EnumSource(Promoted.class)
    void sentinelPromotesAReplicaWhenTheRedjayMasterDiesAndClientsFollow(Promoted promoted, @TempDir Path dir)
            throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        Assumptions.assumeTrue(RealSentinel.available(), "no redis-sentinel");
        String redjayPriority = promoted == Promoted.REDJAY_REPLICA ? "10" : "100";
        String redisPriority = promoted == Promoted.REDIS_REPLICA ? "10" : "100";
        try (TestServer master = TestServer.start("--dir", Files.createDirectories(dir.resolve("master")).toString());
             TestServer redjayReplica = TestServer.start("--dir",
                     Files.createDirectories(dir.resolve("replica")).toString(), "--replica-priority", redjayPriority);
             RealRedis redisReplica = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(master.port()),
                     "--replica-priority", redisPriority);
             RawClient m = new RawClient(master.port());
             RawClient jr = new RawClient(redjayReplica.port());
             RawClient rr = new RawClient(redisReplica.port())) {
            assertEquals("+OK\r\n", jr.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port())));
            await(null, "both replicas are linked", () -> field(jr, "replication", "master_link_status").equals("up")
                    && field(rr, "replication", "master_link_status").equals("up"));
            try (RealSentinel sentinel = RealSentinel.start(List.of(
                    "sentinel monitor " + NAME + " 127.0.0.1 " + master.port() + " 1",
                    "sentinel down-after-milliseconds " + NAME + " 1000",
                    "sentinel failover-timeout " + NAME + " 6000"));
                 Jedis s = new Jedis("127.0.0.1", sentinel.port())) {
                String masterRunId = field(m, "server", "run_id");
                await(sentinel, "Sentinel sees the master up, with its run_id and two replicas", () -> {
                    Map<String, String> view = s.sentinelMaster(NAME);
                    return view.get("flags").equals("master") && view.get("num-slaves").equals("2")
                            && masterRunId.equals(view.get("runid"));
                });
                assertHealthyReplica(sentinel, s, redjayReplica.port(), master.port(), redjayPriority,
                        field(jr, "server", "run_id"));
                assertHealthyReplica(sentinel, s, redisReplica.port(), master.port(), redisPriority,
                        field(rr, "server", "run_id"));
                assertTrue(m.call("CLIENT", "LIST").matches("(?s).*name=sentinel-[0-9a-f]{8}-pubsub .*sub=1 .*"),
                        "Sentinel's hello subscription on the master");

                try (JedisSentinelPool pool = new JedisSentinelPool(NAME, Set.of("127.0.0.1:" + sentinel.port()))) {
                    assertEquals(master.port(), pool.getCurrentHostMaster().getPort());
                    try (Jedis j = pool.getResource()) {
                        assertEquals("OK", j.set("before", "1"));
                    }
                    await(sentinel, "both replicas receive the write made before the failover",
                            () -> get(jr, "before").equals("$1\r\n1\r\n") && get(rr, "before").equals("$1\r\n1\r\n"));

                    master.close();

                    int newPort = promoted == Promoted.REDJAY_REPLICA ? redjayReplica.port() : redisReplica.port();
                    int otherPort = promoted == Promoted.REDJAY_REPLICA ? redisReplica.port() : redjayReplica.port();
                    await(sentinel, "Sentinel names the promoted replica as the master",
                            () -> s.sentinelGetMasterAddrByName(NAME).equals(List.of("127.0.0.1",
                                    Integer.toString(newPort))));
                    try (RawClient c = new RawClient(newPort)) {
                        assertTrue(c.call("ROLE").startsWith("*3\r\n$6\r\nmaster\r\n"), "the new master's ROLE");
                    }
                    await(sentinel, "the other replica follows the new master with its link up",
                            () -> fresh(otherPort, c -> field(c, "replication", "master_port"))
                                    .equals(Integer.toString(newPort))
                                    && fresh(otherPort, c -> field(c, "replication", "master_link_status"))
                                    .equals("up"));
                    await(sentinel, "Sentinel sees the other replica healthy under the new master, the old master"
                            + " as a replica that is down", () -> {
                                Map<String, String> o = replicaView(s, otherPort);
                                Map<String, String> old = replicaView(s, master.port());
                                return o != null && o.get("flags").equals("slave")
                                        && o.get("master-link-status").equals("ok")
                                        && o.get("master-port").equals(Integer.toString(newPort))
                                        && old != null && old.get("flags").contains("s_down");
                            });

                    await(sentinel, "the pool switches to the new master",
                            () -> pool.getCurrentHostMaster().getPort() == newPort);
                    await(sentinel, "the pool writes again", () -> {
                        try (Jedis j = pool.getResource()) {
                            return j.set("after", "2").equals("OK");
                        } catch (JedisException e) {
                            return false;
                        }
                    });
                    assertEquals("$1\r\n2\r\n", fresh(newPort, c -> get(c, "after")),
                            "the write lands on the new master");
                    assertEquals("$1\r\n1\r\n", fresh(newPort, c -> get(c, "before")),
                            "the new master kept the old data");
                    await(sentinel, "the reconfigured replica receives the write made after the failover",
                            () -> fresh(otherPort, c -> get(c, "after")).equals("$1\r\n2\r\n"));
                }
            }
        }
    }

    /**
     * Sentinel hides a replica whose INFO says {@code replica_announced:0} from {@code SENTINEL REPLICAS} (it still
     * counts it in {@code num-slaves}): the Redjay replica started with {@code replica-announced no} disappears from
     * the list once Sentinel has read its INFO, the announced Redis replica stays.
     */
    @Test
    void aReplicaStartedWithReplicaAnnouncedNoIsHiddenFromSentinelReplicas(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        Assumptions.assumeTrue(RealSentinel.available(), "no redis-sentinel");
        try (TestServer master = TestServer.start("--dir", Files.createDirectories(dir.resolve("master")).toString());
             TestServer hidden = TestServer.start("--dir", Files.createDirectories(dir.resolve("replica")).toString(),
                     "--replica-announced", "no");
             RealRedis announced = RealRedis.start("--replicaof", "127.0.0.1", Integer.toString(master.port()));
             RawClient h = new RawClient(hidden.port())) {
            assertEquals("+OK\r\n", h.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port())));
            assertEquals("0", field(h, "replication", "replica_announced"));
            try (RealSentinel sentinel = RealSentinel.start(List.of(
                    "sentinel monitor " + NAME + " 127.0.0.1 " + master.port() + " 1"));
                 Jedis s = new Jedis("127.0.0.1", sentinel.port())) {
                await(sentinel, "Sentinel knows two replicas and lists only the announced one",
                        () -> s.sentinelMaster(NAME).get("num-slaves").equals("2")
                                && s.sentinelReplicas(NAME).size() == 1
                                && replicaView(s, announced.port()) != null);
            }
        }
    }

    /**
     * The replica side of INFO replication in the fields Sentinel's {@code sentinelRefreshInstanceInfo} parses, Redjay
     * against Redis, in three states: told to follow a port nobody listens on (as Sentinel's SLAVEOF turns a master
     * into a replica), linked to the same Redjay master, and cut off after that master is gone. The last is when
     * {@code master_link_down_since_seconds} matters: Sentinel skips a replica cut off for too long when it picks one
     * to promote. Its seconds depend on timing, so only their being a small count is compared.
     */
    @Test
    void theReplicationFieldsSentinelParsesMatchRedisWithTheLinkUpAndDown(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "no redis-server");
        try (TestServer master = TestServer.start("--dir", Files.createDirectories(dir.resolve("master")).toString());
             TestServer redjayReplica = TestServer.start("--dir",
                     Files.createDirectories(dir.resolve("replica")).toString(), "--replica-priority", "42");
             RealRedis redisReplica = RealRedis.start("--replica-priority", "42");
             RawClient m = new RawClient(master.port());
             RawClient jr = new RawClient(redjayReplica.port());
             RawClient rr = new RawClient(redisReplica.port())) {
            String nobody = Integer.toString(freePort());
            jr.call("REPLICAOF", "127.0.0.1", nobody);
            rr.call("REPLICAOF", "127.0.0.1", nobody);
            String neverRedis = sentinelFields(rr).toString().replace(nobody, "?");
            String neverRedjay = sentinelFields(jr).toString().replace(nobody, "?");
            jr.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            rr.call("REPLICAOF", "127.0.0.1", Integer.toString(master.port()));
            await(null, "both replicas are linked", () -> field(jr, "replication", "master_link_status").equals("up")
                    && field(rr, "replication", "master_link_status").equals("up"));
            m.call("SET", "k", "v");
            await(null, "both replicas have the write", () -> {
                String offset = field(m, "replication", "master_repl_offset");
                return !offset.equals("0") && field(jr, "replication", "slave_repl_offset").equals(offset)
                        && field(rr, "replication", "slave_repl_offset").equals(offset);
            });
            Map<String, String> linkedRedis = sentinelFields(rr);
            Map<String, String> linkedRedjay = sentinelFields(jr);
            master.close();
            await(null, "both links are down", () -> field(jr, "replication", "master_link_status").equals("down")
                    && field(rr, "replication", "master_link_status").equals("down"));
            Map<String, String> downRedis = sentinelFields(rr);
            Map<String, String> downRedjay = sentinelFields(jr);
            assertAll(() -> assertEquals(neverRedis, neverRedjay, "never linked"),
                    () -> assertEquals(linkedRedis, linkedRedjay, "linked"),
                    () -> assertEquals(downRedis, downRedjay, "cut off from the master"));
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The INFO replication fields Sentinel reads from a replica, master_link_down_since_seconds as "small" or not. */
    private static Map<String, String> sentinelFields(RawClient c) throws Exception {
        Map<String, String> fields = new java.util.TreeMap<>();
        for (String line : c.call("INFO", "replication").split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1);
            switch (name) {
                case "role", "master_host", "master_port", "master_link_status", "slave_priority",
                     "slave_repl_offset", "replica_announced" -> fields.put(name, value);
                case "master_link_down_since_seconds" -> fields.put(name,
                        value.matches("[0-5]") ? "0..5" : value);
                default -> {
                }
            }
        }
        return fields;
    }

    /** Sentinel lists the replica as a plain, linked replica of {@code masterPort}, with what its INFO reports. */
    private static void assertHealthyReplica(RealSentinel sentinel, Jedis s, int port, int masterPort,
                                             String priority, String runId) throws Exception {
        await(sentinel, "Sentinel sees the replica on port " + port + " up and linked", () -> {
            Map<String, String> r = replicaView(s, port);
            return r != null && r.get("flags").equals("slave") && r.get("master-link-status").equals("ok")
                    && r.get("role-reported").equals("slave");
        });
        Map<String, String> r = replicaView(s, port);
        assertNotNull(r);
        assertEquals("127.0.0.1", r.get("ip"));
        assertEquals("127.0.0.1", r.get("master-host"));
        assertEquals(Integer.toString(masterPort), r.get("master-port"));
        assertEquals(priority, r.get("slave-priority"));
        assertEquals("1", r.get("replica-announced"));
        assertEquals(runId, r.get("runid"));
    }

    /** This replica's entry in {@code SENTINEL REPLICAS mymaster}, or null. */
    private static Map<String, String> replicaView(Jedis s, int port) {
        for (Map<String, String> r : s.sentinelReplicas(NAME)) {
            if (r.get("port").equals(Integer.toString(port))) {
                return r;
            }
        }
        return null;
    }

    private static String get(RawClient c, String key) {
        try {
            return c.call("GET", key);
        } catch (Exception e) {
            return "";
        }
    }

    /**
     * What {@code query} reads over a new connection, or "" when the server does not answer: promoting or
     * reconfiguring a replica kills its normal clients (the CLIENT KILL TYPE normal of Sentinel's transaction).
     */
    private static String fresh(int port, Function<RawClient, String> query) {
        try (RawClient c = new RawClient(port)) {
            return query.apply(c);
        } catch (Exception e) {
            return "";
        }
    }

    /** {@link ReplicationChecks#await}, with Sentinel's log (its events) in the failure message. */
    private static void await(RealSentinel sentinel, String what, BooleanSupplier condition) throws Exception {
        try {
            ReplicationChecks.await(what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(sentinel == null ? what : what + "\nSentinel log:\n" + sentinel.log(), e);
        }
    }
}
