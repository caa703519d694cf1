package io.redjay.net;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The two threading models must behave identically: every client's replies arrive complete and in request order,
 * whether the executor does the I/O itself or I/O threads hand it batches.
 */
class ExecutorModelTest {
    @Test
    void singleLoopKeepsOrderUnderConcurrentPipelines() throws Exception {
        try (TestServer s = TestServer.start()) {
            hammer(s.port());
        }
    }

    @Test
    void ioThreadsKeepOrderUnderConcurrentPipelines() throws Exception {
        try (TestServer s = TestServer.start("--io-threads", "3")) {
            hammer(s.port());
        }
    }

    private static void hammer(int port) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                final int thread = t;
                done.add(pool.submit(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", port)) {
                        for (int round = 0; round < 10; round++) {
                            Pipeline p = j.pipelined();
                            List<Response<String>> replies = new ArrayList<>();
                            for (int i = 0; i < 200; i++) {
                                String key = "k" + thread + ":" + i;
                                p.set(key, "v" + round + ":" + i);
                                replies.add(p.get(key));
                            }
                            p.sync();
                            for (int i = 0; i < 200; i++) {
                                assertEquals("v" + round + ":" + i, replies.get(i).get());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pausedClientRunsHeldCommandsInOrderAfterUnpause() throws Exception {
        try (TestServer s = TestServer.start(); RawClient writer = new RawClient(s.port());
             RawClient reader = new RawClient(s.port())) {
            s.server().executor().submit(() -> s.server().pause(System.currentTimeMillis() + 60_000, true)).get();
            writer.command("SET", "k", "1");
            writer.command("GET", "k");
            assertEquals("$-1\r\n", reader.call("GET", "k"));
            s.server().executor().submit(s.server()::unpause).get();
            assertEquals("+OK\r\n", writer.readReply());
            assertEquals("$1\r\n1\r\n", writer.readReply());
        }
    }
}
