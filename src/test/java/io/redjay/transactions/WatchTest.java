package io.redjay.transactions;

import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WATCH invalidation by every kind of change, by another client or by the watcher itself, and what must not
 * invalidate it (a key of the same name in another database, a stale key that merely gets deleted). Time is a
 * {@link ManualClock}, so expiry happens exactly when a test advances it.
 */
class WatchTest {
    private static final String FAILED = "*-1\r\n";
    private static final String RAN = "*1\r\n+PONG\r\n";
    private static final ManualClock clock = new ManualClock();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(clock);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void flush() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("FLUSHALL");
        }
    }

    /** MULTI, PING, EXEC: the raw reply of EXEC tells whether the watch held. */
    private static String execPing(RawClient c) throws IOException {
        assertEquals("+OK\r\n", c.call("MULTI"));
        c.call("PING");
        return c.call("EXEC");
    }

    private interface Change {
        void apply(RawClient other) throws IOException;
    }

    /** Watches {@code key} (after {@code setup}), lets another client apply {@code change}, and runs EXEC. */
    private static String watchThen(String key, Change setup, Change change) throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            setup.apply(other);
            c.call("WATCH", key);
            change.apply(other);
            return execPing(c);
        }
    }

    @Test
    void unchangedKeyLetsExecRun() throws IOException {
        assertEquals(RAN, watchThen("k", o -> o.call("SET", "k", "v"), o -> o.call("GET", "k")));
        assertEquals(RAN, watchThen("k", o -> { }, o -> o.call("SET", "other", "v")));
    }

    @Test
    void writeInvalidates() throws IOException {
        assertEquals(FAILED, watchThen("k", o -> o.call("SET", "k", "v"), o -> o.call("APPEND", "k", "w")));
        assertEquals(FAILED, watchThen("k", o -> { }, o -> o.call("SET", "k", "created")));
        assertEquals(FAILED, watchThen("h", o -> o.call("HSET", "h", "f", "1"), o -> o.call("HINCRBY", "h", "f", "1")));
    }

    @Test
    void deleteInvalidates() throws IOException {
        assertEquals(FAILED, watchThen("k", o -> o.call("SET", "k", "v"), o -> o.call("DEL", "k")));
    }

    @Test
    void ttlChangeInvalidates() throws IOException {
        assertEquals(FAILED, watchThen("k", o -> o.call("SET", "k", "v"), o -> o.call("EXPIRE", "k", "100")));
        assertEquals(FAILED, watchThen("k", o -> o.call("SET", "k", "v", "EX", "100"), o -> o.call("PERSIST", "k")));
    }

    @Test
    void expiryAfterWatchInvalidatesEvenIfNobodyTouchesTheKey() throws IOException {
        assertEquals(FAILED, watchThen("k", o -> o.call("SET", "k", "v", "PX", "1000"), o -> clock.advance(1001)));
    }

    @Test
    void lazyExpiryByAReaderInvalidates() throws IOException {
        assertEquals(FAILED, watchThen("k", o -> o.call("SET", "k", "v", "PX", "1000"), o -> {
            clock.advance(1001);
            assertEquals("$-1\r\n", o.call("GET", "k"));
        }));
    }

    @Test
    void keyAlreadyStaleWhenWatchedIsNoChangeWhenItGoes() throws IOException {
        Change stale = o -> {
            o.call("SET", "k", "v", "PX", "10");
            clock.advance(11);
        };
        assertEquals(RAN, watchThen("k", stale, o -> { }));
        assertEquals(RAN, watchThen("k", stale, o -> o.call("EXISTS", "k")));
        assertEquals(RAN, watchThen("k", stale, o -> o.call("FLUSHDB")));
        assertEquals(FAILED, watchThen("k", stale, o -> o.call("SET", "k", "new")), "but a new value is a change");
    }

    @Test
    void flushdbInvalidatesWatchersOfExistingKeysOnly() throws IOException {
        assertEquals(FAILED, watchThen("k", o -> o.call("SET", "k", "v"), o -> o.call("FLUSHDB")));
        assertEquals(RAN, watchThen("k", o -> o.call("SET", "x", "v"), o -> o.call("FLUSHDB")));
    }

    @Test
    void flushallInvalidatesWatchersOfExistingKeysInEveryDatabase() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            c.call("SELECT", "4");
            other.call("SELECT", "4");
            other.call("SET", "k", "v");
            c.call("WATCH", "k", "missing");
            other.call("SELECT", "0");
            other.call("FLUSHALL");
            assertEquals(FAILED, execPing(c));
        }
        assertEquals(RAN, watchThen("missing", o -> o.call("SET", "x", "v"), o -> o.call("FLUSHALL")));
    }

    @Test
    void swapdbInvalidatesWhenTheKeyExistsOnEitherSide() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            other.call("SELECT", "1");
            other.call("SET", "k", "in1");
            c.call("WATCH", "k");
            other.call("SWAPDB", "0", "1");
            assertEquals(FAILED, execPing(c), "a missing key replaced by an existing one");
            c.call("WATCH", "k");
            other.call("SWAPDB", "0", "1");
            assertEquals(FAILED, execPing(c), "an existing key replaced by a missing one");
            c.call("WATCH", "nowhere");
            other.call("SWAPDB", "0", "1");
            assertEquals(RAN, execPing(c), "missing on both sides");
        }
    }

    @Test
    void swapdbWithStaleKeysOnlyIsNoChange() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            other.call("SELECT", "1");
            other.call("SET", "k", "v", "PX", "10");
            clock.advance(11);
            c.call("WATCH", "k");
            other.call("SWAPDB", "0", "1");
            assertEquals(RAN, execPing(c), "a missing key replaced by a stale one");
        }
    }

    @Test
    void renameOntoTheKeyAndAwayFromItInvalidate() throws IOException {
        assertEquals(FAILED, watchThen("dst", o -> o.call("SET", "src", "v"), o -> o.call("RENAME", "src", "dst")));
        assertEquals(FAILED, watchThen("src", o -> o.call("SET", "src", "v"), o -> o.call("RENAME", "src", "dst")));
    }

    @Test
    void moveInvalidatesBothSides() throws IOException {
        assertEquals(FAILED, watchThen("k", o -> o.call("SET", "k", "v"), o -> o.call("MOVE", "k", "1")));
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            other.call("SET", "m", "v");
            c.call("SELECT", "1");
            c.call("WATCH", "m");
            other.call("MOVE", "m", "1");
            assertEquals(FAILED, execPing(c), "the key arrived in the watched database");
        }
    }

    @Test
    void copyOntoTheKeyInvalidates() throws IOException {
        assertEquals(FAILED, watchThen("dst", o -> o.call("SET", "src", "v"), o -> o.call("COPY", "src", "dst")));
    }

    @Test
    void writeToTheSameNameInAnotherDatabaseDoesNotInvalidate() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            c.call("SET", "k", "v");
            c.call("WATCH", "k");
            other.call("SELECT", "1");
            other.call("SET", "k", "elsewhere");
            other.call("DEL", "k");
            assertEquals(RAN, execPing(c));
        }
    }

    @Test
    void ownWriteBeforeMultiInvalidates() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("WATCH", "k");
            c.call("SET", "k", "mine");
            assertEquals(FAILED, execPing(c));
        }
    }

    @Test
    void writesInsideTheTransactionDoNotFailIt() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("SET", "k", "1");
            c.call("WATCH", "k");
            c.call("MULTI");
            c.call("INCR", "k");
            c.call("INCR", "k");
            assertEquals("*2\r\n:2\r\n:3\r\n", c.call("EXEC"));
        }
    }

    @Test
    void unwatchAndDiscardForgetWatchesAndTheTouchedFlag() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            c.call("WATCH", "k");
            other.call("SET", "k", "1");
            assertEquals("+OK\r\n", c.call("UNWATCH"));
            assertEquals(RAN, execPing(c));
            c.call("WATCH", "k");
            other.call("SET", "k", "2");
            c.call("MULTI");
            c.call("DISCARD");
            other.call("SET", "k", "3");
            assertEquals(RAN, execPing(c));
        }
    }

    @Test
    void execEndsTheWatchWhetherItRanOrNot() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            c.call("WATCH", "k");
            assertEquals(RAN, execPing(c));
            other.call("SET", "k", "1");
            assertEquals(RAN, execPing(c));
            c.call("WATCH", "k");
            other.call("SET", "k", "2");
            assertEquals(FAILED, execPing(c));
            other.call("SET", "k", "3");
            assertEquals(RAN, execPing(c));
        }
    }

    @Test
    void watchAfterATouchStaysFailed() throws IOException {
        try (RawClient c = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            c.call("WATCH", "a");
            other.call("SET", "a", "1");
            assertEquals("+OK\r\n", c.call("WATCH", "b"));
            assertEquals(FAILED, execPing(c));
        }
    }

    @Test
    void watchesAreDroppedOnDisconnectAndReset() throws IOException {
        try (RawClient c = new RawClient(server.port())) {
            c.call("WATCH", "a", "b");
            c.call("SELECT", "2");
            c.call("WATCH", "a");
        }
        try (RawClient c = new RawClient(server.port())) {
            c.call("WATCH", "c");
            c.call("MULTI");
            c.call("SET", "c", "1");
            assertEquals("+RESET\r\n", c.call("RESET"));
            assertEquals("-ERR EXEC without MULTI\r\n", c.call("EXEC"));
            assertEquals(0, onExecutor(() -> server.server().watches().watchedKeyCount()));
        }
    }

    private static int onExecutor(java.util.concurrent.Callable<Integer> task) {
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            int n;
            do {
                n = server.server().executor().submit(task).get();
                if (n == 0) {
                    return 0;
                }
                Thread.sleep(5);
            } while (System.nanoTime() < deadline);
            return n;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
