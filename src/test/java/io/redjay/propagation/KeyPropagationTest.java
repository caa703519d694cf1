package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.RedisReplicaTap;
import io.redjay.support.RedjayTap;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What the generic key commands (DEL, UNLINK, EXPIRE and its forms, PERSIST, RENAME, RENAMENX, MOVE, COPY, SORT ...
 * STORE, TOUCH) and lazy expiry propagate, compared with a real Redis 7.0.15's replication stream; and how much each
 * moves the dirty counter ({@code rdb_changes_since_last_save}).
 */
class KeyPropagationTest {
    private static final Pattern DIRTY = Pattern.compile("rdb_changes_since_last_save:(\\d+)");

    @RegisterExtension
    static final PropagationDiff diff = PropagationDiff.perClass();

    @Test
    void delAndUnlinkPropagateOnlyWhenSomethingWasDeleted() throws Exception {
        diff.assertSame("SET a 1", "SET b 2", "SET c 3", "DEL a", "DEL a", "DEL b nosuch", "UNLINK nosuch",
                "UNLINK c nosuch c", "DEL nosuch other");
    }

    @Test
    void relativeAndSecondExpiresBecomePexpireatWithTheirOptions() throws Exception {
        long secs = System.currentTimeMillis() / 1000 + 5000;
        long ms = System.currentTimeMillis() + 6_000_000;
        diff.assertSame("SET k v", "EXPIRE k 100", "PEXPIRE k 200000", "EXPIREAT k " + secs, "PEXPIREAT k " + ms,
                "EXPIRE k 7000 gt", "PEXPIRE k 5000 LT", "EXPIRE k 9000 XX", "PEXPIREAT k " + (ms + 5) + " GT");
    }

    @Test
    void expireOptionsThatRefuseTheChangePropagateNothing() throws Exception {
        diff.assertSame("SET k v", "EXPIRE k 100 XX", "EXPIRE k 100 GT", "EXPIRE k 100 NX", "EXPIRE k 100 NX",
                "EXPIRE k 50 GT", "EXPIRE k 500 LT", "PEXPIRE k 150000 GT", "EXPIRE nosuch 100", "PEXPIREAT nosuch 1");
    }

    @Test
    void ltOnAKeyWithoutTtlSetsIt() throws Exception {
        diff.assertSame("SET k v", "EXPIRE k 100 LT", "TTL k");
    }

    @Test
    void aTimeAlreadyDueDeletesTheKeyAndPropagatesDel() throws Exception {
        diff.assertSame("SET a v", "EXPIRE a -1", "SET b v", "PEXPIRE b 0", "SET c v", "EXPIREAT c 100",
                "SET d v", "PEXPIREAT d 1", "SET e v", "EXPIRE e 0 NX", "EXISTS a b c d e");
    }

    @Test
    void aTimeAlreadyDueWithLazyfreeLazyExpirePropagatesUnlink() throws Exception {
        diff.assertSame("CONFIG SET lazyfree-lazy-expire yes");
        try {
            diff.assertSame("SET a v", "EXPIRE a -10", "SET b v", "PEXPIREAT b 1");
        } finally {
            diff.assertSame("CONFIG SET lazyfree-lazy-expire no");
        }
    }

    @Test
    void expireErrorsPropagateNothing() throws Exception {
        diff.assertSame("SET k v", "EXPIRE k abc", "EXPIRE k 10 foo", "EXPIRE k 10 NX XX", "EXPIRE k 10 GT LT",
                "EXPIRE k 9223372036854775807", "PEXPIRE k 9223372036854775807", "EXPIRE k", "TTL k");
    }

    @Test
    void persistPropagatesOnlyWhenItRemovedATtl() throws Exception {
        diff.assertSame("SET k v", "PERSIST k", "PERSIST nosuch", "EXPIRE k 100", "PERSIST k", "PERSIST k");
    }

    @Test
    void renamePropagatesVerbatimAndNoOpsNothing() throws Exception {
        diff.assertSame("SET a 1", "RENAME a b", "RENAME b b", "RENAME nosuch x", "RENAMENX b b", "SET c 2",
                "RENAMENX b c", "RENAMENX b d", "PEXPIRE d 100000", "RENAME d c", "RENAMENX nosuch y", "TTL c");
    }

    @Test
    void movePropagatesVerbatimInTheSourceDatabase() throws Exception {
        diff.assertSame("SET a 1", "MOVE a 1", "MOVE a 1", "MOVE nosuch 1", "SET a 2", "SELECT 1", "SET b 3",
                "SELECT 0", "SET b 4", "MOVE b 1", "MOVE a 0", "MOVE a 99", "MOVE a x", "MOVE a 1");
    }

    @Test
    void copyPropagatesVerbatimWhenItCopied() throws Exception {
        diff.assertSame("SET a 1", "COPY a b", "COPY a b", "COPY a b REPLACE", "COPY a b DB 2", "COPY a b DB 2",
                "COPY nosuch b", "COPY a a", "COPY a b foo", "COPY a b DB 99", "RPUSH l x y", "COPY l l2",
                "COPY a l2 REPLACE");
    }

    @Test
    void sortStorePropagatesVerbatimWhenItStoredOrDeleted() throws Exception {
        diff.assertSame("RPUSH l 3 1 2", "SORT l STORE d", "SORT l", "SORT_RO l", "SORT l LIMIT 0 1 STORE d",
                "SORT nosuch STORE d", "SORT nosuch STORE d", "SORT l LIMIT 5 5 STORE d2", "SET s x",
                "SORT s STORE d", "SORT l BY nosort STORE d3", "SADD set b a c", "SORT set ALPHA STORE d4",
                "SORT l BY w_* STORE d5", "SORT l STORE d5 foo");
    }

    @Test
    void touchNeverPropagates() throws Exception {
        diff.assertSame("SET a 1", "TOUCH a nosuch", "TOUCH nosuch");
    }

    @Test
    void dirtyCounterMovesAsRedisDoes() throws Exception {
        String[] setup = {"SET a 1", "SET b 2", "SET c 3", "RPUSH l 3 1 2", "SET t 5"};
        for (String s : setup) {
            both(s);
        }
        String[] commands = {"DEL a b nosuch", "DEL nosuch", "RENAME c c2", "RENAME c2 c2", "RENAMENX c2 t",
            "MOVE c2 1", "MOVE c2 1", "COPY t t2", "COPY t t2", "SORT l STORE d", "SORT l LIMIT 0 2 GET # GET x STORE d",
            "SORT nosuch STORE d", "SORT nosuch STORE d", "EXPIRE t 100", "EXPIRE t 10 GT", "PERSIST t", "PERSIST t",
            "EXPIRE t -1", "TOUCH l", "UNLINK l d t2"};
        List<String> redis = new ArrayList<>();
        List<String> redjay = new ArrayList<>();
        for (String cmd : commands) {
            redis.add(cmd + " -> " + dirtyDelta(diff.redisClient(), cmd));
            redjay.add(cmd + " -> " + dirtyDelta(diff.redjayClient(), cmd));
        }
        assertEquals(String.join("\n", redis), String.join("\n", redjay));
        diff.assertSame();
    }

    // ---------------------------------------------------------------- lazy expiry

    @Test
    void readsOfAnExpiredKeyPropagateItsDeletion() throws Exception {
        withoutActiveExpiry(() -> {
            long at = expiring("a", "b", "c", "d", "e", "f");
            sleepUntil(at);
            diff.assertSame("GET a", "EXISTS b", "TYPE c", "SCAN 0 MATCH d", "TTL e", "RANDOMKEY", "GET f");
        });
    }

    @Test
    void writesOnAnExpiredKeyPropagateItsDeletionFirst() throws Exception {
        withoutActiveExpiry(() -> {
            long at = expiring("a", "b", "c", "d", "e");
            diff.assertSame("SELECT 1", "SET m 1", "PEXPIREAT m " + at, "SELECT 0", "SET m 2", "SET src 1");
            sleepUntil(at);
            diff.assertSame("DEL a", "EXPIRE b 100", "RENAME c x", "COPY src d", "MOVE m 1", "PERSIST e");
        });
    }

    @Test
    void expiredKeysInsideATransactionAreDeletedInsideIt() throws Exception {
        withoutActiveExpiry(() -> {
            long at = expiring("a");
            sleepUntil(at);
            diff.assertSame("MULTI", "GET a", "SET x 1", "EXEC");
        });
    }

    @Test
    void sortStoreOntoAnExpiredDestinationWithAResult() throws Exception {
        withoutActiveExpiry(() -> {
            diff.assertSame("RPUSH l 2 1");
            long at = expiring("d");
            sleepUntil(at);
            diff.assertSame("SORT l STORE d");
        });
    }

    @Test
    void sortStoreOfNothingDeletesAnExpiredDestinationAsItIs() throws Exception {
        withoutActiveExpiry(() -> {
            long at = expiring("d");
            sleepUntil(at);
            diff.assertSame("SORT nosuch STORE d", "EXISTS d");
        });
    }

    @Test
    void scanWithTypeNoneStillListsAnExpiredKeyItDeleted() throws Exception {
        withoutActiveExpiry(() -> {
            long at = expiring("a");
            sleepUntil(at);
            diff.assertSame("SCAN 0 TYPE none", "SCAN 0 TYPE string");
        });
    }

    @Test
    void lazyExpiryWithLazyfreeLazyExpirePropagatesUnlink() throws Exception {
        diff.assertSame("CONFIG SET lazyfree-lazy-expire yes");
        try {
            withoutActiveExpiry(() -> {
                long at = expiring("a");
                sleepUntil(at);
                diff.assertSame("EXISTS a");
            });
        } finally {
            diff.assertSame("CONFIG SET lazyfree-lazy-expire no");
        }
    }

    /**
     * SCAN and RANDOMKEY may delete several expired keys in one call; Redis sends those DELs without a MULTI around
     * them (the commands touch arbitrary keys). The keys' order is the hash table's, which differs between servers,
     * so this compares the streams as sets on a pair of servers of its own.
     */
    @Test
    void scanAndRandomkeyDeleteSeveralExpiredKeysWithoutMulti() throws Exception {
        Assumptions.assumeTrue(RealRedis.available(), "redis-server not installed");
        try (RealRedis redis = RealRedis.start("--repl-diskless-sync", "no");
             TestServer redjay = TestServer.start();
             RedisReplicaTap redisTap = RedisReplicaTap.attach(redis);
             RedjayTap redjayTap = RedjayTap.attach(redjay);
             RawClient rc = new RawClient(redis.port());
             RawClient jc = new RawClient(redjay.port())) {
            for (String command : new String[] {"SCAN 0 COUNT 100", "RANDOMKEY"}) {
                long at = System.currentTimeMillis() + 500;
                for (RawClient c : List.of(rc, jc)) {
                    c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
                    for (String k : List.of("k1", "k2", "k3", "k4", "k5")) {
                        c.call("SET", k, "v");
                        c.call("PEXPIREAT", k, Long.toString(at));
                    }
                }
                redisTap.take();
                redjayTap.take();
                sleepUntil(at);
                String redisReply = rc.call(command.split(" "));
                String redjayReply = jc.call(command.split(" "));
                assertEquals(redisReply, redjayReply, command);
                List<String> expected = new ArrayList<>(redisTap.take());
                List<String> actual = new ArrayList<>(redjayTap.take());
                assertFalse(actual.contains("MULTI"), command + ": " + actual);
                expected.sort(null);
                actual.sort(null);
                assertEquals(expected, actual, command);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private interface Scenario {
        void run() throws Exception;
    }

    private static void withoutActiveExpiry(Scenario s) throws Exception {
        diff.assertSame("DEBUG SET-ACTIVE-EXPIRE 0");
        try {
            s.run();
        } finally {
            diff.assertSame("DEBUG SET-ACTIVE-EXPIRE 1");
        }
    }

    /** Sets each key to a value that expires shortly (the same absolute time on both servers); returns that time. */
    private static long expiring(String... keys) throws Exception {
        long at = System.currentTimeMillis() + 500;
        List<String> commands = new ArrayList<>();
        for (String k : keys) {
            commands.add("SET " + k + " v");
            commands.add("PEXPIREAT " + k + " " + at);
        }
        diff.assertSame(commands.toArray(new String[0]));
        return at;
    }

    /** Waits until the wall clock, which both servers expire by, is safely past {@code at}. */
    private static void sleepUntil(long at) throws InterruptedException {
        long deadline = at + 30;
        long now;
        while ((now = System.currentTimeMillis()) < deadline) {
            Thread.sleep(deadline - now);
        }
    }

    private static void both(String command) throws Exception {
        diff.redisClient().call(command.split(" "));
        diff.redjayClient().call(command.split(" "));
    }

    private static long dirtyDelta(RawClient c, String command) throws Exception {
        long before = dirty(c);
        c.call(command.split(" "));
        return dirty(c) - before;
    }

    private static long dirty(RawClient c) throws Exception {
        Matcher m = DIRTY.matcher(c.call("INFO", "persistence"));
        if (!m.find()) {
            throw new AssertionError("no rdb_changes_since_last_save in INFO");
        }
        return Long.parseLong(m.group(1));
    }
}
