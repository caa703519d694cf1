package io.redjay.propagation;

import io.redjay.support.PropagationDiff;
import io.redjay.support.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the list commands propagate, compared with a real Redis 7.0.15: writes verbatim, nothing for no-ops and
 * failures, LMPOP and the blocking forms rewritten into their plain equivalents, both when served at once and when a
 * blocked client is served after the write that woke it (then as a command of its own, after that write).
 */
class ListPropagationTest {
    @RegisterExtension
    static final PropagationDiff diff = PropagationDiff.perClass();

    @Test
    void pushesAreVerbatimAndPushxOnAMissingKeyIsNothing() throws Exception {
        diff.assertSame("LPUSH l a b c", "RPUSH l d", "LPUSHX l x y", "RPUSHX l z", "LPUSHX missing x",
                "RPUSHX missing x", "SET s v", "LPUSH s a", "RPUSHX s a", "LPUSHX s a");
    }

    @Test
    void popsAreVerbatimAndEmptyPopsAreNothing() throws Exception {
        diff.assertSame("RPUSH l a b c d e f", "LPOP l", "RPOP l", "LPOP l 2", "RPOP l 0", "RPOP l 10", "LPOP l",
                "LPOP missing 3", "RPOP missing", "SET s v", "LPOP s", "RPOP s 1", "LPOP l -1", "LPOP l x y");
    }

    @Test
    void insertsAndSetsAreVerbatimWhenTheyChangeSomething() throws Exception {
        diff.assertSame("RPUSH l a b c", "LINSERT l BEFORE b x", "LINSERT l after c y", "LINSERT l BEFORE nope z",
                "LINSERT missing BEFORE a b", "LINSERT l middle a b", "LSET l 0 first", "LSET l -1 last",
                "LSET l 99 z", "LSET missing 0 z", "LSET l x z", "SET s v", "LINSERT s BEFORE a b", "LSET s 0 z");
    }

    @Test
    void lremAndLtrimPropagateOnlyWhenTheyRemoveSomething() throws Exception {
        diff.assertSame("RPUSH l a b a c a d", "LREM l 1 a", "LREM l -1 a", "LREM l 0 nope", "LREM missing 0 a",
                "LREM l 0 a", "LTRIM l 0 -1", "LTRIM l 0 100", "LTRIM l 1 -1", "LTRIM missing 0 1", "LTRIM l x 1",
                "LREM l x a", "SET s v", "LREM s 0 a", "LTRIM s 0 1", "LTRIM l 5 1", "EXISTS l");
    }

    @Test
    void movesAreVerbatim() throws Exception {
        diff.assertSame("RPUSH src a b c", "LMOVE src dst LEFT RIGHT", "LMOVE src dst right left", "RPOPLPUSH src dst",
                "RPOPLPUSH src dst", "LMOVE missing dst LEFT LEFT", "RPOPLPUSH dst dst", "SET s v",
                "LMOVE dst s LEFT LEFT", "RPOPLPUSH s dst", "LMOVE dst dst up down");
    }

    @Test
    void lmpopBecomesAPopWithTheCountPopped() throws Exception {
        diff.assertSame("RPUSH b 1 2 3", "LMPOP 2 a b LEFT", "LMPOP 2 a b RIGHT COUNT 10", "RPUSH a x y z",
                "LMPOP 1 a left COUNT 2", "LMPOP 2 missing1 missing2 LEFT", "SET s v", "LMPOP 2 s a LEFT",
                "LMPOP 0 a LEFT", "LMPOP 1 a LEFT COUNT 0", "LMPOP 1 a MIDDLE");
    }

    @Test
    void theDirtyCounterCountsAsRedisCounts() throws Exception {
        long redisBefore = changes(diff.redisClient());
        long redjayBefore = changes(diff.redjayClient());
        diff.assertSame("LPUSH l a b c a", "RPUSH l d", "LPOP l 2", "LTRIM l 0 -1", "LTRIM l 1 -1", "LREM l 0 nope",
                "LREM l 0 a", "RPUSH l e f", "LMOVE l m LEFT RIGHT", "LSET l 0 x", "LINSERT l BEFORE x y",
                "LINSERT l BEFORE nope y", "LMPOP 1 l RIGHT COUNT 2", "RPOP l", "LPOP l", "LPOP l", "LPUSHX l a",
                "RPOPLPUSH m m", "LPOP m 0");
        assertEquals(changes(diff.redisClient()) - redisBefore, changes(diff.redjayClient()) - redjayBefore,
                "rdb_changes_since_last_save");
    }

    private static long changes(RawClient c) throws IOException {
        for (String line : c.call("INFO", "persistence").split("\r\n")) {
            if (line.startsWith("rdb_changes_since_last_save:")) {
                return Long.parseLong(line.substring("rdb_changes_since_last_save:".length()));
            }
        }
        throw new AssertionError("no rdb_changes_since_last_save in INFO");
    }

    @Test
    void blockingFormsServedAtOnceBecomeTheirPlainForms() throws Exception {
        diff.assertSame("RPUSH a 1 2 3 4 5 6 7", "BLPOP missing a 0", "BRPOP a 0", "BLMPOP 0 2 missing a RIGHT COUNT 2",
                "BLMPOP 0 1 a LEFT COUNT 100", "RPUSH src x y z", "BLMOVE src dst lEfT RIGHT 0",
                "BRPOPLPUSH src dst 0", "BLMOVE src dst RIGHT left 0", "EXISTS src");
    }

    @Test
    void blockingFormsThatFailOrWouldBlockInATransactionPropagateNothing() throws Exception {
        diff.assertSame("SET s v", "BLPOP s 0", "BRPOP missing s 0", "BLMPOP 0 1 s LEFT", "BLMOVE s dst LEFT LEFT 0",
                "BRPOPLPUSH s dst 0", "RPUSH l a", "BLMOVE l s LEFT LEFT 0", "BLPOP l -1", "BLPOP l x",
                "BLMOVE l dst UP LEFT 0", "MULTI", "BLPOP missing 0", "BLMOVE missing dst LEFT LEFT 0", "EXEC");
        diff.assertSame("MULTI", "BLPOP l 0", "BRPOPLPUSH missing dst 0", "EXEC");
        diff.assertSame("RPUSH l a b", "MULTI", "BLPOP l 0", "BLMOVE l d LEFT LEFT 0", "EXEC");
    }

    @Test
    void aTimedOutBlockingPopPropagatesNothing() throws Exception {
        try (Waiters w = new Waiters()) {
            w.block("BLPOP", "q", "0.05");
            assertEquals("*-1\r\n", w.replies());
            w.block("BLMOVE", "q", "d", "LEFT", "LEFT", "0.05");
            assertEquals("*-1\r\n", w.replies());
            diff.assertSame("LLEN q");
        }
    }

    @Test
    void aWokenBlpopGoesOutAsLpopAfterThePush() throws Exception {
        try (Waiters w = new Waiters()) {
            w.block("BLPOP", "q", "0");
            diff.assertSame("LPUSH q a b");
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\nb\r\n", w.replies());
            diff.assertSame("RPOP q");
            w.block("BRPOP", "q2", "q", "0");
            diff.assertSame("RPUSH q c");
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\nc\r\n", w.replies());
        }
    }

    @Test
    void aWokenClientIsServedFromTheKeyThatWokeIt() throws Exception {
        try (Waiters w = new Waiters()) {
            w.block("BLPOP", "k1", "k2", "0");
            diff.assertSame("MULTI", "LPUSH k2 x", "LPUSH k1 y", "EXEC");
            assertEquals("*2\r\n$2\r\nk2\r\n$1\r\nx\r\n", w.replies());
        }
    }

    @Test
    void aWokenBlmpopGoesOutAsAPopWithTheCountPopped() throws Exception {
        try (Waiters w = new Waiters()) {
            w.block("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "5");
            diff.assertSame("RPUSH b 1 2 3");
            w.replies();
            w.block("BLMPOP", "0", "1", "a", "LEFT");
            diff.assertSame("RPUSH a 1 2 3");
            w.replies();
        }
    }

    @Test
    void aWokenBlmoveGoesOutAsLmoveWithLowercaseSides() throws Exception {
        try (Waiters w = new Waiters()) {
            w.block("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
            diff.assertSame("RPUSH src a b");
            assertEquals("$1\r\na\r\n", w.replies());
            w.block("BRPOPLPUSH", "src2", "dst", "0");
            diff.assertSame("RPUSH src2 c");
            assertEquals("$1\r\nc\r\n", w.replies());
        }
    }

    @Test
    void aWokenBlmoveOntoAKeyOfAnotherTypeFailsAndPropagatesNothing() throws Exception {
        try (Waiters w = new Waiters()) {
            diff.assertSame("SET dst v");
            w.block("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
            diff.assertSame("RPUSH src a");
            w.replies();
            diff.assertSame("LLEN src");
        }
    }

    @Test
    void aWaiterOnAKeyThatBecomesAnotherTypeKeepsWaiting() throws Exception {
        try (Waiters w = new Waiters()) {
            w.block("BLPOP", "q", "0");
            diff.assertSame("SET q v", "DEL q", "RPUSH q a");
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\na\r\n", w.replies());
        }
    }

    @Test
    void chainedBlmovesEachGoOutOnTheirOwn() throws Exception {
        try (Waiters w = new Waiters(); Waiters w2 = new Waiters()) {
            w.block("BLMOVE", "a", "b", "RIGHT", "LEFT", "0");
            w2.block("BLPOP", "b", "0");
            diff.assertSame("LPUSH a x");
            assertEquals("$1\r\nx\r\n", w.replies());
            assertEquals("*2\r\n$1\r\nb\r\n$1\r\nx\r\n", w2.replies());
        }
    }

    /** A second connection to each server, for a client that blocks while the diff's own clients write. */
    private static final class Waiters implements AutoCloseable {
        private final RawClient redis;
        private final RawClient redjay;

        Waiters() throws IOException {
            redis = new RawClient(diff.redis().port(), 5000);
            redjay = new RawClient(diff.redjay().port(), 5000);
        }

        /** Sends a blocking command on both sides and waits until both servers count one more blocked client. */
        void block(String... args) throws Exception {
            int before = blocked(diff.redisClient());
            int beforeRedjay = blocked(diff.redjayClient());
            redis.command(args);
            redjay.command(args);
            awaitBlocked(diff.redisClient(), before + 1);
            awaitBlocked(diff.redjayClient(), beforeRedjay + 1);
        }

        /** The replies of the blocked commands, which must be equal on both sides. */
        String replies() throws IOException {
            String expected = redis.readReply();
            assertEquals(expected, redjay.readReply(), "reply of the blocked command");
            return expected;
        }

        private static int blocked(RawClient c) throws IOException {
            for (String line : List.of(c.call("INFO", "clients").split("\r\n"))) {
                if (line.startsWith("blocked_clients:")) {
                    return Integer.parseInt(line.substring("blocked_clients:".length()));
                }
            }
            throw new AssertionError("no blocked_clients in INFO");
        }

        private static void awaitBlocked(RawClient c, int n) throws Exception {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (blocked(c) < n) {
                if (System.nanoTime() > deadline) {
                    fail("client did not block");
                }
                Thread.sleep(5);
            }
        }

        @Override
        public void close() throws IOException {
            redis.close();
            redjay.close();
        }
    }
}
