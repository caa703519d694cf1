package io.redjay.pubsub;

import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pub/sub through a real client library: delivery order under concurrent publishers, patterns, introspection. */
class PubSubJedisTest {
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 500;

    /** Collects messages and pattern messages, and signals when it has subscribed and when it has them all. */
    private static final class Collector extends JedisPubSub {
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch subscribed = new CountDownLatch(1);
        final CountDownLatch done;

        Collector(int expected) {
            done = new CountDownLatch(expected);
        }

        @Override
        public void onMessage(String channel, String message) {
            messages.add(channel + "|" + message);
            done.countDown();
            if (done.getCount() == 0) {
                unsubscribe();
            }
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            messages.add(pattern + "|" + channel + "|" + message);
            done.countDown();
            if (done.getCount() == 0) {
                punsubscribe();
            }
        }

        @Override
        public void onSubscribe(String channel, int count) {
            subscribed.countDown();
        }

        @Override
        public void onPSubscribe(String pattern, int count) {
            subscribed.countDown();
        }
    }

    @Test
    void everyMessageOfSeveralPublishersArrivesInOrder() throws Exception {
        try (TestServer s = TestServer.start()) {
            Collector direct = new Collector(PUBLISHERS * PER_PUBLISHER);
            Collector pattern = new Collector(PUBLISHERS * PER_PUBLISHER);
            Thread t1 = listen(s, j -> j.subscribe(direct, "news"));
            Thread t2 = listen(s, j -> j.psubscribe(pattern, "ne*"));
            assertTrue(direct.subscribed.await(5, TimeUnit.SECONDS));
            assertTrue(pattern.subscribed.await(5, TimeUnit.SECONDS));

            List<Thread> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                final int id = p;
                Thread t = new Thread(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", s.port())) {
                        for (int i = 0; i < PER_PUBLISHER; i++) {
                            assertEquals(2, j.publish("news", id + ":" + i));
                        }
                    }
                });
                t.start();
                publishers.add(t);
            }
            for (Thread t : publishers) {
                t.join(20_000);
            }
            assertTrue(direct.done.await(20, TimeUnit.SECONDS), "direct subscriber got everything");
            assertTrue(pattern.done.await(20, TimeUnit.SECONDS), "pattern subscriber got everything");
            t1.join(5000);
            t2.join(5000);

            assertInPublisherOrder(direct.messages, "news|");
            assertInPublisherOrder(pattern.messages, "ne*|news|");
        }
    }

    private static void assertInPublisherOrder(List<String> got, String prefix) {
        assertEquals(PUBLISHERS * PER_PUBLISHER, got.size());
        int[] next = new int[PUBLISHERS];
        for (String m : got) {
            assertTrue(m.startsWith(prefix), m);
            String[] parts = m.substring(prefix.length()).split(":");
            int publisher = Integer.parseInt(parts[0]);
            assertEquals(next[publisher]++, Integer.parseInt(parts[1]), "order of publisher " + publisher);
        }
    }

    /**
     * The seeds' publisher/subscriber example: a helper publishes "hello world __i" on channel FM99.9 ten times; the
     * subscriber listens, and after the subscription confirmation and five messages it unsubscribes.
     */
    @Test
    void seedPublisherSubscriberExample() throws Exception {
        try (TestServer s = TestServer.start()) {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch ready = new CountDownLatch(1);
            JedisPubSub sub = new JedisPubSub() {
                @Override
                public void onSubscribe(String channel, int count) {
                    seen.add("subscribe " + channel + " " + count);
                    ready.countDown();
                }

                @Override
                public void onMessage(String channel, String message) {
                    if (seen.size() < 6) {
                        seen.add("message " + channel + " " + message);
                        if (seen.size() == 6) {
                            unsubscribe();
                        }
                    }
                }
            };
            Thread listener = listen(s, j -> j.subscribe(sub, "FM99.9"));
            assertTrue(ready.await(5, TimeUnit.SECONDS));
            try (Jedis pub = new Jedis("127.0.0.1", s.port())) {
                for (int i = 0; i < 10; i++) {
                    pub.publish("FM99.9", "hello world __" + i);
                }
                listener.join(5000);
                assertEquals(List.of("subscribe FM99.9 1", "message FM99.9 hello world __0",
                        "message FM99.9 hello world __1", "message FM99.9 hello world __2",
                        "message FM99.9 hello world __3", "message FM99.9 hello world __4"), seen);
                assertEquals(0L, pub.publish("FM99.9", "after unsubscribe"));
                assertEquals(Map.of("FM99.9", 0L), pub.pubsubNumSub("FM99.9"));
            }
        }
    }

    @Test
    void introspectionSeesSubscriptions() throws Exception {
        try (TestServer s = TestServer.start()) {
            Collector a = new Collector(1);
            Collector b = new Collector(2);
            Thread t1 = listen(s, j -> j.subscribe(a, "alpha", "beta"));
            Thread t2 = listen(s, j -> j.psubscribe(b, "al*", "x?"));
            assertTrue(a.subscribed.await(5, TimeUnit.SECONDS));
            assertTrue(b.subscribed.await(5, TimeUnit.SECONDS));
            try (Jedis j = new Jedis("127.0.0.1", s.port())) {
                awaitTrue(() -> j.pubsubNumPat() == 2);
                List<String> channels = new ArrayList<>(j.pubsubChannels());
                Collections.sort(channels);
                assertEquals(List.of("alpha", "beta"), channels);
                assertEquals(List.of("beta"), j.pubsubChannels("b*"));
                assertEquals(Map.of("alpha", 1L, "gamma", 0L), j.pubsubNumSub("alpha", "gamma"));
                assertEquals(1L, j.publish("xy", "m"));
                assertEquals(2L, j.publish("alpha", "m"));
                t1.join(5000);
                t2.join(5000);
                awaitTrue(() -> j.pubsubNumPat() == 0 && j.pubsubChannels().isEmpty());
            }
        }
    }

    private interface Subscribe {
        void run(Jedis j);
    }

    private static Thread listen(TestServer s, Subscribe body) {
        Thread t = new Thread(() -> {
            try (Jedis j = new Jedis("127.0.0.1", s.port())) {
                body.run(j);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (!cond.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < end, "condition not reached");
            Thread.sleep(10);
        }
    }
}
