package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import io.redjay.support.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the sorted set writes send to a replica, compared with a real Redis 7.0.15: verbatim when they changed the
 * set, nothing when they did not (or failed), ZPOPMIN/ZPOPMAX forms for ZMPOP and the blocking pops, whether served
 * at once or after blocking, and nothing for a blocking pop that timed out.
 */
class ZSetPropagationTest {
    @RegisterExtension
    static final PropagationDiff diff = PropagationDiff.perClass();

    @Test
    void zaddPropagatesOnlyWhenSomethingChanged() throws Exception {
        diff.assertSame("ZADD z 1 a 2 b", "ZADD z 1 a", "ZADD z 1 a 3 c", "ZADD z NX 5 a", "ZADD z NX 5 a 4 d",
                "ZADD z XX 9 nope", "ZADD z XX 9 a", "ZADD z XX CH 9 a 8 b", "ZADD z GT 1 a", "ZADD z LT 10 a",
                "ZADD z LT 0 a", "ZADD z GT CH 7 b", "ZADD missing XX 1 a", "ZADD missing XX INCR 1 a",
                "EXISTS missing");
    }

    @Test
    void zaddIncrAndZincrby() throws Exception {
        diff.assertSame("ZADD z INCR 5 a", "ZADD z INCR 2 a", "ZADD z INCR NX 5 a", "ZADD z INCR XX 5 b",
                "ZADD z INCR GT -1 a", "ZADD z INCR LT -1 a", "ZINCRBY z 3 a", "ZINCRBY z 0 a", "ZINCRBY z 2 new",
                "ZINCRBY z +inf a", "ZINCRBY z -inf a", "ZADD z INCR -inf a", "ZSCORE z a");
    }

    @Test
    void zaddErrorsPropagateNothing() throws Exception {
        diff.assertSame("SET s x", "ZADD s 1 a", "ZINCRBY s 1 a", "ZADD z 1", "ZADD z 1 a 2", "ZADD z nan a",
                "ZADD z x a", "ZADD z NX XX 1 a", "ZADD z GT LT 1 a", "ZADD z NX GT 1 a", "ZADD z INCR 1 a 2 b",
                "ZINCRBY z x a", "EXISTS z");
    }

    @Test
    void zremAndRangeRemovals() throws Exception {
        diff.assertSame("ZADD z 1 a 2 b 3 c 4 d 5 e 6 f", "ZREM z nope", "ZREM z a nope b", "ZREM missing a",
                "ZREMRANGEBYRANK z 10 20", "ZREMRANGEBYRANK z 0 0", "ZREMRANGEBYRANK missing 0 -1",
                "ZREMRANGEBYSCORE z 100 200", "ZREMRANGEBYSCORE z (3 4", "ZREMRANGEBYSCORE z x 1",
                "ZREMRANGEBYLEX z [x [y", "ZREMRANGEBYLEX z - +", "ZREMRANGEBYLEX z x y", "EXISTS z",
                "ZADD z 1 a 2 b", "ZREM z a b c", "EXISTS z", "ZADD z 1 a", "ZREMRANGEBYSCORE z -inf +inf",
                "ZADD z 1 a", "ZREMRANGEBYRANK z 0 -1", "ZREMRANGEBYRANK z x 1", "SET s x", "ZREM s a",
                "ZREMRANGEBYRANK s 0 1", "ZREMRANGEBYSCORE s 0 1", "ZREMRANGEBYLEX s - +");
    }

    @Test
    void zpopGoesOutVerbatimWhenItPopped() throws Exception {
        diff.assertSame("ZADD z 1 a 2 b 3 c 4 d 5 e", "ZPOPMIN z", "ZPOPMAX z", "ZPOPMIN z 0", "ZPOPMIN z 1",
                "ZPOPMAX z 100", "EXISTS z", "ZPOPMIN z", "ZPOPMIN z 3", "ZPOPMAX missing 2", "ZPOPMIN z -1",
                "ZPOPMIN z x", "ZPOPMIN z 1 2", "SET s x", "ZPOPMIN s", "ZPOPMAX s 0");
    }

    @Test
    void zmpopIsReplayedAsZpopWithTheCountPopped() throws Exception {
        List<String> stream = diff.assertSame("ZADD z 1 a 2 b 3 c", "ZMPOP 2 missing z MIN", "ZMPOP 1 z MAX COUNT 1",
                "ZADD y 1 a 2 b 3 c", "ZMPOP 2 y z MIN COUNT 2", "ZMPOP 2 y z MAX COUNT 10", "ZMPOP 2 y z MAX COUNT 10",
                "ZMPOP 1 missing MIN", "ZMPOP 0 z MIN", "ZMPOP 1 z MID", "ZMPOP 1 z MIN COUNT 0", "SET s x",
                "ZMPOP 1 s MIN", "EXISTS y z");
        assertEquals(List.of("ZPOPMIN z 1", "ZPOPMAX z 1"), stream.subList(1, 3));
    }

    @Test
    void blockingPopsServedAtOnceAreReplayedAsZpop() throws Exception {
        List<String> stream = diff.assertSame("ZADD z 1 a 2 b 3 c", "ZADD y 5 x 6 w", "BZPOPMIN missing z 0", "BZPOPMAX z y 0",
                "BZMPOP 0 2 missing y MAX COUNT 5", "BZMPOP 1 1 z MIN", "BZPOPMIN z -1", "BZMPOP 0 1 z MIN COUNT 0",
                "SET s x", "BZPOPMIN s z 0", "BZMPOP 0 1 s MIN", "EXISTS y z");
        assertEquals(List.of("ZPOPMIN z", "ZPOPMAX z", "ZPOPMAX y 2", "ZPOPMIN z 1"), stream.subList(2, 6));
    }

    @Test
    void blockingPopInsideMultiActsAsNonBlocking() throws Exception {
        diff.assertSame("MULTI", "BZPOPMIN missing 0", "BZMPOP 0 1 missing MAX", "ZADD z 1 a 2 b", "BZPOPMAX z 0",
                "BZMPOP 0 1 z MIN COUNT 3", "EXEC");
    }

    @Test
    void timedOutBlockingPopPropagatesNothing() throws Exception {
        diff.assertSame("BZPOPMIN missing 0.05", "BZPOPMAX missing 0.05", "BZMPOP 0.05 1 missing MIN COUNT 2");
    }

    @Test
    void blockedPopServedLaterIsReplayedAsZpop() throws Exception {
        try (Blocked min = block("BZPOPMIN", "k1", "k2", "0")) {
            diff.assertSame("ZADD other 1 a", "ZADD k2 1 a 2 b");
            min.assertSameReply();
        }
        try (Blocked max = block("BZPOPMAX", "k3", "0")) {
            diff.assertSame("MULTI", "ZADD k3 1 a 2 b", "ZADD k3 3 c", "EXEC");
            max.assertSameReply();
        }
        try (Blocked mpop = block("BZMPOP", "0", "2", "k4", "k5", "MAX", "COUNT", "5")) {
            assertEquals(List.of("ZADD k5 1 a 2 b 3 c", "ZPOPMAX k5 3"), diff.assertSame("ZADD k5 1 a 2 b 3 c"));
            mpop.assertSameReply();
        }
        try (Blocked mpop = block("BZMPOP", "0", "1", "k6", "MIN")) {
            diff.assertSame("ZADD k7 1 a 2 b", "ZUNIONSTORE k6 1 k7");
            mpop.assertSameReply();
        }
        diff.assertSame("EXISTS k2 k3 k5 k6 k7");
    }

    @Test
    void blockedPopSkipsAKeyOfAnotherTypeAndKeepsWaiting() throws Exception {
        try (Blocked min = block("BZPOPMIN", "k1", "k2", "0")) {
            diff.assertSame("SET k1 x", "LPUSH k2 x", "DEL k2", "ZADD k2 1 a");
            min.assertSameReply();
        }
    }

    @Test
    void storesPropagateWhenTheyWroteOrDeletedTheDestination() throws Exception {
        diff.assertSame("ZADD a 1 x 2 y", "ZADD b 3 y 4 z", "SADD s y w", "ZUNIONSTORE u 2 a b",
                "ZINTERSTORE i 2 a b WEIGHTS 2 3", "ZDIFFSTORE d 2 a b", "ZINTERSTORE i2 2 a s AGGREGATE MAX",
                "ZINTERSTORE none 2 a missing", "ZUNIONSTORE none 1 missing", "ZDIFFSTORE none 2 a a",
                "ZINTERSTORE u 2 a missing", "ZDIFFSTORE i 2 a a", "ZUNIONSTORE d 1 missing", "EXISTS u i d none",
                "SET str v", "ZUNIONSTORE str 1 a", "TYPE str", "ZUNIONSTORE u 1 str", "ZUNIONSTORE u 0 a",
                "ZUNIONSTORE u 3 a b", "ZINTERSTORE u 2 a b WEIGHTS 1 x", "ZUNIONSTORE u 2 a b AGGREGATE AVG",
                "ZDIFFSTORE u 2 a b WEIGHTS 1 1");
    }

    @Test
    void zrangestore() throws Exception {
        diff.assertSame("ZADD src 1 a 2 b 3 c", "ZRANGESTORE dst src 0 1", "ZRANGESTORE dst src 10 20",
                "EXISTS dst", "ZRANGESTORE dst src 10 20", "ZRANGESTORE dst missing 0 -1",
                "ZRANGESTORE dst src (1 +inf BYSCORE LIMIT 0 1", "ZRANGESTORE dst missing 0 -1",
                "ZRANGESTORE dst src [a [b BYLEX REV", "ZRANGESTORE dst src 0 -1 REV", "ZRANGESTORE dst src x 1",
                "ZRANGESTORE dst src 0 1 LIMIT 0 1", "ZRANGESTORE dst src 0 1 WITHSCORES", "SET str v",
                "ZRANGESTORE dst str 0 -1", "ZRANGESTORE str src 0 0", "TYPE str");
    }

    @Test
    void transactionOfSortedSetWrites() throws Exception {
        diff.assertSame("MULTI", "ZADD z 1 a 2 b", "ZADD z 1 a", "ZINCRBY z 1 a", "ZPOPMIN z", "ZMPOP 1 z MAX",
                "ZREM z nope", "EXEC");
        diff.assertSame("MULTI", "ZADD z XX 1 a", "ZREM z a", "EXEC");
    }

    @Test
    void dirtyCounterMovesAsRedisDoes() throws Exception {
        String[] commands = {"ZADD z 1 a 2 b 3 c 4 d", "ZADD z 1 a", "ZADD z CH 5 a 6 b 7 e", "ZINCRBY z 1 a",
            "ZINCRBY z 0 a", "ZREM z a b nope", "ZREMRANGEBYRANK z 0 1", "ZADD z 1 a 2 b 3 c",
            "ZREMRANGEBYSCORE z 1 2", "ZREMRANGEBYLEX z - +", "ZADD z 1 a 2 b 3 c 4 d", "ZPOPMIN z 2", "ZPOPMAX z",
            "ZMPOP 1 z MIN COUNT 5", "ZADD z 1 a 2 b", "ZUNIONSTORE u 1 z", "ZINTERSTORE u 2 z missing",
            "ZINTERSTORE u 2 z missing", "ZRANGESTORE r z 0 -1", "BZPOPMIN z 0", "BZMPOP 0 1 z MAX COUNT 3"};
        for (String cmd : commands) {
            long redisBefore = dirty(diff.redisClient());
            long redjayBefore = dirty(diff.redjayClient());
            diff.assertSame(cmd);
            assertEquals(dirty(diff.redisClient()) - redisBefore, dirty(diff.redjayClient()) - redjayBefore,
                    "dirty count of " + cmd);
        }
    }

    private static long dirty(RawClient c) throws Exception {
        return Long.parseLong(infoField(c, "persistence", "rdb_changes_since_last_save"));
    }

    // ------------------------------------------------------------------ blocked clients on both servers

    /** The same blocking command, sent on a fresh connection to each server, both blocked when this returns. */
    private static Blocked block(String... command) throws Exception {
        return new Blocked(command);
    }

    private static final class Blocked implements AutoCloseable {
        private final RawClient redis;
        private final RawClient redjay;

        Blocked(String... command) throws Exception {
            int before = blockedClients(diff.redisClient());
            redis = new RawClient(diff.redisPort());
            redjay = new RawClient(diff.redjayPort());
            redis.command(command);
            redjay.command(command);
            awaitBlocked(diff.redisClient(), before + 1);
            awaitBlocked(diff.redjayClient(), before + 1);
        }

        void assertSameReply() throws Exception {
            assertEquals(redis.readReply(), redjay.readReply(), "reply of the blocked client");
        }

        @Override
        public void close() throws Exception {
            redis.close();
            redjay.close();
        }
    }

    private static void awaitBlocked(RawClient c, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (blockedClients(c) < n) {
            assertTrue(System.currentTimeMillis() < deadline, "client did not block");
            Thread.sleep(5);
        }
    }

    private static int blockedClients(RawClient c) throws Exception {
        return Integer.parseInt(infoField(c, "clients", "blocked_clients"));
    }

    private static String infoField(RawClient c, String section, String field) throws Exception {
        String info = c.call("INFO", section);
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + field + " in INFO " + section);
    }

    @Test
    void lexRangesOverMixedScoresFollowRedisWalks() throws Exception {
        diff.assertSame("ZADD mixed 29 m2 77 m6 90 m5 10 m9", "ZLEXCOUNT mixed [m2 (m6", "ZRANGEBYLEX mixed [m2 (m6",
                "ZREVRANGEBYLEX mixed (m6 [m2", "ZREMRANGEBYLEX mixed [m2 (m6", "ZRANGE mixed 0 -1 WITHSCORES",
                "ZREMRANGEBYLEX mixed [m1 [m8", "ZRANGE mixed 0 -1 WITHSCORES");
        try {
            diff.assertSame("CONFIG SET zset-max-listpack-entries 0", "ZADD big 29 m2 77 m6 90 m5 10 m9",
                    "OBJECT ENCODING big", "ZLEXCOUNT big [m2 (m6", "ZRANGEBYLEX big [m2 (m6",
                    "ZREMRANGEBYLEX big [m2 (m6", "ZRANGE big 0 -1 WITHSCORES");
        } finally {
            diff.assertSame("CONFIG SET zset-max-listpack-entries 128");
        }
    }
}
