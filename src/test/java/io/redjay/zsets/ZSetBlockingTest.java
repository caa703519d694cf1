package io.redjay.zsets;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;
import redis.clients.jedis.util.KeyValue;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** BZPOPMIN, BZPOPMAX and BZMPOP: waking by a write from another client, FIFO among waiters, timeouts. */
class ZSetBlockingTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Waits until the server reports {@code n} blocked clients, so a test's writes happen after the block. */
    private static void awaitBlocked(RawClient admin, int n) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (admin.call("INFO", "clients").contains("blocked_clients:" + n + "\r\n")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("clients did not block");
    }

    @Test
    void bzpopminIsWokenByZaddFromAnotherClient() throws Exception {
        try (RawClient waiter = new RawClient(server.port()); RawClient writer = new RawClient(server.port())) {
            writer.call("DEL", "bz1", "bz2");
            waiter.command("BZPOPMIN", "bz1", "bz2", "0");
            awaitBlocked(writer, 1);
            assertEquals(":2\r\n", writer.call("ZADD", "bz2", "5", "five", "3", "three"));
            assertEquals("*3\r\n$3\r\nbz2\r\n$5\r\nthree\r\n$1\r\n3\r\n", waiter.readReply());
            assertEquals("*2\r\n$4\r\nfive\r\n$1\r\n5\r\n", writer.call("ZRANGE", "bz2", "0", "-1", "WITHSCORES"));
        }
    }

    @Test
    void keyThatEndsAsAnotherTypeDoesNotWakeTheWaiter() throws Exception {
        try (RawClient waiter = new RawClient(server.port()); RawClient writer = new RawClient(server.port())) {
            writer.call("DEL", "bzt");
            waiter.command("BZPOPMIN", "bzt", "0");
            awaitBlocked(writer, 1);
            writer.call("MULTI");
            writer.call("ZADD", "bzt", "1", "a");
            writer.call("DEL", "bzt");
            writer.call("SET", "bzt", "string");
            assertEquals("*3\r\n:1\r\n:1\r\n+OK\r\n", writer.call("EXEC"));
            awaitBlocked(writer, 1);
            writer.call("DEL", "bzt");
            writer.call("ZADD", "bzt", "2", "b");
            assertEquals("*3\r\n$3\r\nbzt\r\n$1\r\nb\r\n$1\r\n2\r\n", waiter.readReply());
        }
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        try (RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port());
             RawClient writer = new RawClient(server.port())) {
            writer.call("DEL", "fifo");
            first.command("BZPOPMAX", "fifo", "0");
            awaitBlocked(writer, 1);
            second.command("BZMPOP", "0", "1", "fifo", "MAX", "COUNT", "5");
            awaitBlocked(writer, 2);
            writer.call("ZADD", "fifo", "1", "a", "2", "b", "3", "c");
            assertEquals("*3\r\n$4\r\nfifo\r\n$1\r\nc\r\n$1\r\n3\r\n", first.readReply());
            assertEquals("*2\r\n$4\r\nfifo\r\n*2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n",
                    second.readReply());
            assertEquals(":0\r\n", writer.call("EXISTS", "fifo"));
        }
    }

    @Test
    void timeoutRepliesNullArray() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.call("DEL", "never");
            long t0 = System.nanoTime();
            assertEquals("*-1\r\n", c.call("BZPOPMIN", "never", "0.1"));
            assertEquals("*-1\r\n", c.call("BZMPOP", "0.05", "1", "never", "MIN"));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(true, ms >= 140, "waited " + ms + " ms");
        }
    }

    @Test
    void everyElementIsConsumedExactlyOnceByConcurrentConsumers() throws Exception {
        int consumers = 4;
        int perProducer = 200;
        ExecutorService pool = Executors.newFixedThreadPool(consumers + 2);
        Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
            admin.del("work");
            Future<?>[] futures = new Future<?>[consumers];
            for (int i = 0; i < consumers; i++) {
                futures[i] = pool.submit(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                        while (true) {
                            KeyValue<String, Tuple> kv = j.bzpopmin(2, "work");
                            if (kv == null) {
                                return null;
                            }
                            if (kv.getValue().getElement().startsWith("stop")) {
                                return null;
                            }
                            if (!seen.add(kv.getValue().getElement())) {
                                throw new AssertionError("consumed twice: " + kv.getValue().getElement());
                            }
                        }
                    }
                });
            }
            for (int p = 0; p < 2; p++) {
                int id = p;
                pool.submit(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                        for (int i = 0; i < perProducer; i++) {
                            j.zadd("work", i, "p" + id + "-" + i);
                        }
                    }
                }).get(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i < consumers; i++) {
                admin.zadd("work", 1e9 + i, "stop" + i);
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(2 * perProducer, seen.size());
    }
}
