package io.redjay.lists;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.KeyValue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocking list commands: who gets woken, in which order, by which writes, and what a timeout returns. A
 * blocked client is driven through a raw socket (send now, read the reply later); the test waits until the server
 * counts it as blocked before the next step, so the order of events is certain without sleeps.
 */
class ListBlockingTest {
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

    private static void awaitBlocked(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.server().blocking().blockedClients() != n) {
            assertTrue(System.nanoTime() < deadline, "expected " + n + " blocked clients");
            Thread.sleep(2);
        }
    }

    private static RawClient blocked(String... command) throws IOException, InterruptedException {
        int before = server.server().blocking().blockedClients();
        RawClient c = new RawClient(server.port());
        c.command(command);
        awaitBlocked(before + 1);
        return c;
    }

    @Test
    void pushFromAnotherClientWakesTheWaiter() throws Exception {
        try (RawClient waiter = blocked("BLPOP", "a", "k", "0");
             RawClient other = new RawClient(server.port())) {
            assertEquals(":3\r\n", other.call("RPUSH", "k", "x", "y", "z"));
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\nx\r\n", waiter.readReply());
            assertEquals("*2\r\n$1\r\ny\r\n$1\r\nz\r\n", other.call("LRANGE", "k", "0", "-1"));
            assertEquals("+PONG\r\n", waiter.call("PING"));
        }
    }

    @Test
    void variadicPushServesTheNewHeadAfterTheWholeCommand() throws Exception {
        try (RawClient waiter = blocked("BLPOP", "k", "0");
             RawClient other = new RawClient(server.port())) {
            other.call("LPUSH", "k", "a", "b", "c");
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\nc\r\n", waiter.readReply());
        }
    }

    @Test
    void waitersAreServedInTheOrderTheyBlocked() throws Exception {
        try (RawClient first = blocked("BLPOP", "k", "0");
             RawClient second = blocked("BRPOP", "k", "0");
             RawClient third = blocked("BLPOP", "k", "0");
             RawClient other = new RawClient(server.port())) {
            other.call("RPUSH", "k", "1", "2");
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\n1\r\n", first.readReply());
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\n2\r\n", second.readReply());
            awaitBlocked(1);
            other.call("RPUSH", "k", "3");
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\n3\r\n", third.readReply());
            assertEquals(":0\r\n", other.call("EXISTS", "k"));
        }
    }

    @Test
    void timeoutRepliesNullArray() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            long t0 = System.nanoTime();
            assertEquals("*-1\r\n", c.call("BLPOP", "k", "0.1"));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(90));
            assertEquals("*-1\r\n", c.call("BLMOVE", "k", "d", "LEFT", "LEFT", "0.05"));
            assertEquals("*-1\r\n", c.call("BLMPOP", "0.05", "1", "k", "LEFT"));
            assertEquals(0, server.server().blocking().blockedClients());
        }
    }

    @Test
    void blmoveChainFeedsTheNextWaiter() throws Exception {
        try (RawClient mover = blocked("BLMOVE", "l1", "l2", "LEFT", "RIGHT", "0");
             RawClient popper = blocked("BLPOP", "l2", "0");
             RawClient other = new RawClient(server.port())) {
            other.call("RPUSH", "l1", "x");
            assertEquals("$1\r\nx\r\n", mover.readReply());
            assertEquals("*2\r\n$2\r\nl2\r\n$1\r\nx\r\n", popper.readReply());
            assertEquals(":0\r\n", other.call("EXISTS", "l1"));
            assertEquals(":0\r\n", other.call("EXISTS", "l2"));
        }
    }

    @Test
    void renameAndLmoveWakeWaiters() throws Exception {
        try (RawClient waiter = blocked("BRPOPLPUSH", "k", "dst", "0");
             RawClient other = new RawClient(server.port())) {
            other.call("RPUSH", "tmp", "a");
            other.call("RENAME", "tmp", "k");
            assertEquals("$1\r\na\r\n", waiter.readReply());
        }
        try (RawClient waiter = blocked("BLMPOP", "0", "2", "x", "k", "RIGHT", "COUNT", "5");
             RawClient other = new RawClient(server.port())) {
            other.call("RPUSH", "src", "p", "q");
            other.call("LMOVE", "src", "k", "LEFT", "LEFT");
            assertEquals("*2\r\n$1\r\nk\r\n*1\r\n$1\r\np\r\n", waiter.readReply());
        }
    }

    @Test
    void moveIntoTheDatabaseWakesTheWaiter() throws Exception {
        try (RawClient waiter = blocked("BLPOP", "k", "0");
             RawClient other = new RawClient(server.port())) {
            other.call("SELECT", "1");
            other.call("RPUSH", "k", "moved");
            assertEquals(":1\r\n", other.call("MOVE", "k", "0"));
            assertEquals("*2\r\n$1\r\nk\r\n$5\r\nmoved\r\n", waiter.readReply());
            other.call("FLUSHALL");
        }
    }

    @Test
    void keyOfAnotherTypeDoesNotWakeAListWaiter() throws Exception {
        try (RawClient waiter = blocked("BLPOP", "k", "0");
             RawClient other = new RawClient(server.port())) {
            other.call("SET", "k", "string");
            awaitBlocked(1);
            other.call("DEL", "k");
            other.call("RPUSH", "k", "v");
            assertEquals("*2\r\n$1\r\nk\r\n$1\r\nv\r\n", waiter.readReply());
        }
    }

    @Test
    void producersAndConsumersExchangeEveryElementExactlyOnce() throws Exception {
        int producers = 4;
        int consumers = 4;
        int perProducer = 2000;
        int total = producers * perProducer;
        ConcurrentHashMap<String, Integer> seen = new ConcurrentHashMap<>();
        AtomicInteger consumed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                tasks.add(pool.submit(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                        while (consumed.get() < total) {
                            KeyValue<String, String> kv = j.blpop(0.2, "queue");
                            if (kv != null) {
                                seen.merge(kv.getValue(), 1, Integer::sum);
                                consumed.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (int p = 0; p < producers; p++) {
                int id = p;
                tasks.add(pool.submit(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                        for (int i = 0; i < perProducer; i++) {
                            j.rpush("queue", id + ":" + i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(total, seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "an element was consumed twice");
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            assertEquals(0, j.llen("queue"));
        }
    }
}
