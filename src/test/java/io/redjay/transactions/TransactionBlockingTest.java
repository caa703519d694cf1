package io.redjay.transactions;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions and blocking commands: inside EXEC a blocking command must not block (it answers as its
 * non-blocking form would), and a client blocked on a key that EXEC writes is served only after the whole EXEC, so
 * the transaction sees its own writes undisturbed.
 */
class TransactionBlockingTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
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

    @Test
    void blockingCommandsInsideExecDoNotBlock() throws IOException {
        try (RawClient c = new RawClient(server.port(), 2000)) {
            c.call("MULTI");
            c.call("BLPOP", "empty", "0");
            c.call("BZPOPMAX", "emptyz", "0");
            c.call("BLMOVE", "empty", "dst", "LEFT", "RIGHT", "0");
            assertEquals("*3\r\n*-1\r\n*-1\r\n$-1\r\n", c.call("EXEC"));
            assertEquals(0, server.server().blocking().blockedClients());
        }
    }

    @Test
    void blockingCommandsInsideExecServeWhatIsThere() throws IOException {
        try (RawClient c = new RawClient(server.port(), 2000)) {
            c.call("RPUSH", "l", "a");
            c.call("MULTI");
            c.call("BLPOP", "l", "0");
            c.call("BLPOP", "l", "0");
            assertEquals("*2\r\n*2\r\n$1\r\nl\r\n$1\r\na\r\n*-1\r\n", c.call("EXEC"));
        }
    }

    @Test
    void blockedClientIsServedAfterTheWholeExec() throws Exception {
        try (RawClient waiter = new RawClient(server.port()); RawClient c = new RawClient(server.port())) {
            waiter.command("BLPOP", "q", "0");
            awaitBlocked(1);
            c.call("MULTI");
            c.call("RPUSH", "q", "job");
            c.call("LLEN", "q");
            c.call("LRANGE", "q", "0", "-1");
            assertEquals("*3\r\n:1\r\n:1\r\n*1\r\n$3\r\njob\r\n", c.call("EXEC"),
                    "the waiter did not take the element in the middle of the transaction");
            assertEquals("*2\r\n$1\r\nq\r\n$3\r\njob\r\n", waiter.readReply());
            assertEquals(":0\r\n", c.call("LLEN", "q"));
        }
    }

    @Test
    void queuedPushThenPopInsideExecLeavesNothingForTheWaiter() throws Exception {
        try (RawClient waiter = new RawClient(server.port()); RawClient c = new RawClient(server.port())) {
            waiter.command("BLPOP", "q", "0");
            awaitBlocked(1);
            c.call("MULTI");
            c.call("RPUSH", "q", "x");
            c.call("LPOP", "q");
            assertEquals("*2\r\n:1\r\n$1\r\nx\r\n", c.call("EXEC"));
            assertEquals(1, server.server().blocking().blockedClients(), "the waiter is still blocked");
            c.call("RPUSH", "q", "y");
            assertEquals("*2\r\n$1\r\nq\r\n$1\r\ny\r\n", waiter.readReply());
        }
    }

    @Test
    void writePauseHoldsAnExecWithQueuedWritesButNotAReadOnlyOne() throws Exception {
        try (RawClient writer = new RawClient(server.port()); RawClient reader = new RawClient(server.port());
             RawClient admin = new RawClient(server.port())) {
            writer.call("MULTI");
            writer.call("SET", "k", "v");
            reader.call("MULTI");
            reader.call("GET", "k");
            assertEquals("+OK\r\n", admin.call("CLIENT", "PAUSE", "100000", "WRITE"));
            try {
                assertEquals("*1\r\n$-1\r\n", reader.call("EXEC"));
                writer.command("EXEC");
                assertEquals("$-1\r\n", admin.call("GET", "k"), "the writing EXEC waits for the pause to end");
            } finally {
                admin.call("CLIENT", "UNPAUSE");
            }
            assertEquals("*1\r\n+OK\r\n", writer.readReply());
            assertEquals("$1\r\nv\r\n", admin.call("GET", "k"));
        }
    }

    private static void awaitBlocked(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.server().blocking().blockedClients() != n) {
            assertTrue(System.nanoTime() < deadline, "expected " + n + " blocked clients");
            Thread.sleep(2);
        }
    }
}
