package io.redjay.net;

import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that move a lot of data must not take the server from the others: while one client uploads a 100 MB value
 * and reads it back several times in one write, and another, blocked in BLPOP, pipelines past
 * {@code client-query-buffer-limit} (128 MB here, so that the 100 MB upload itself stays under it), a canary doing
 * SET/GET round trips is never kept waiting over 100 ms. The heavy clients get Redis's answers (the value intact, each
 * time) or Redis's disconnect (the over-limit client is closed, as real Redis closes it).
 */
class HeavyClientsTest {
    private static final int VALUE = 100 * 1024 * 1024;
    private static final int GETS = 4;
    private static final long CANARY_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * Up to three runs of the scenario, each on a fresh server: the shared 2-core machine can stall any process for
     * a moment, so one slow round trip in one run is noise; the bound must hold in some run, and every run must
     * give the heavy clients the right answers.
     */
    @Test
    void canaryStaysResponsiveWhileOthersMoveHundredsOfMegabytes() throws Exception {
        java.util.List<Long> worsts = new java.util.ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            long worst = scenario();
            worsts.add(worst / 1_000_000);
            if (worst < CANARY_LIMIT_NANOS) {
                return;
            }
        }
        throw new AssertionError("canary round trips over 100 ms in every run (worst per run, ms): " + worsts);
    }

    private static long scenario() throws Exception {
        try (TestServer s = TestServer.start("--client-query-buffer-limit", "128mb")) {
            warmUp(s.port());
            AtomicBoolean heavyDone = new AtomicBoolean();
            CompletableFuture<Long> canary = CompletableFuture.supplyAsync(() -> canary(s.port(), heavyDone));
            CompletableFuture<Void> big = CompletableFuture.runAsync(() -> bigValues(s.port()));
            CompletableFuture<Boolean> blocked =
                    CompletableFuture.supplyAsync(() -> overLimitWhileBlocked(s.port(), 160));
            try {
                big.get(60, TimeUnit.SECONDS);
                assertTrue(blocked.get(60, TimeUnit.SECONDS), "the blocked client past the limit was closed");
            } finally {
                heavyDone.set(true);
            }
            long worst = canary.get(30, TimeUnit.SECONDS);
            try (RawClient c = new RawClient(s.port())) {
                assertEquals(":" + VALUE + "\r\n", c.call("STRLEN", "big"));
            }
            return worst;
        }
    }

    @Test
    void realRedisAlsoClosesBlockedClientPastQueryBufferLimit() throws Exception {
        Assumptions.assumeTrue(RealRedis.available());
        try (RealRedis r = RealRedis.start("--client-query-buffer-limit", "16mb")) {
            assertTrue(overLimitWhileBlocked(r.port(), 40));
        }
    }

    /**
     * One pass over the paths the heavy clients take, with small sizes: the first use of some of them loads classes
     * (Netty's allocator registers its flight-recorder events on its first new chunk, for instance), a one-time cost
     * of hundreds of milliseconds that is not what this test measures.
     */
    private static void warmUp(int port) throws IOException {
        byte[] value = new byte[2 << 20];
        try (RawClient c = new RawClient(port, 5000)) {
            for (int i = 0; i < 5; i++) {
                c.command("SET".getBytes(StandardCharsets.US_ASCII), "warm".getBytes(StandardCharsets.US_ASCII), value);
                assertEquals("+OK\r\n", c.readReply());
                assertEquals(value.length + 2 + ("$" + value.length + "\r\n").length(), c.call("GET", "warm").length());
            }
            assertEquals(":1\r\n", c.call("DEL", "warm"));
        }
    }

    /** SET/GET of its own key until the heavy clients are done; returns the slowest round trip in nanoseconds. */
    private static long canary(int port, AtomicBoolean done) {
        long worst = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (RawClient c = new RawClient(port, 5000)) {
            for (int i = 0; !done.get() && System.nanoTime() < deadline; i++) {
                long t0 = System.nanoTime();
                String v = "v" + i;
                assertEquals("+OK\r\n", c.call("SET", "canary", v));
                assertEquals("$" + v.length() + "\r\n" + v + "\r\n", c.call("GET", "canary"));
                worst = Math.max(worst, System.nanoTime() - t0);
                Thread.sleep(2); // pacing, so the canary does not take a core from the clients it watches
            }
        } catch (IOException e) {
            throw new AssertionError("canary lost its connection", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return worst;
    }

    private static byte pattern(long i) {
        return (byte) (i * 31 % 251);
    }

    /** SET big <100 MB>, then GETS GETs of it in one write, each checked byte for byte. */
    private static void bigValues(int port) {
        byte[] value = new byte[VALUE];
        for (int i = 0; i < VALUE; i++) {
            value[i] = pattern(i);
        }
        try (Socket sock = new Socket("127.0.0.1", port)) {
            sock.setSoTimeout(30_000);
            OutputStream out = sock.getOutputStream();
            InputStream in = new BufferedInputStream(sock.getInputStream(), 1 << 16);
            out.write(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + VALUE + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int off = 0; off < VALUE; off += 1 << 20) {
                out.write(value, off, Math.min(1 << 20, VALUE - off));
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("+OK", line(in));
            StringBuilder gets = new StringBuilder();
            for (int i = 0; i < GETS; i++) {
                gets.append("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n");
            }
            out.write(gets.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] chunk = new byte[1 << 16];
            for (int g = 0; g < GETS; g++) {
                assertEquals("$" + VALUE, line(in));
                long pos = 0;
                while (pos < VALUE) {
                    int n = in.read(chunk, 0, (int) Math.min(chunk.length, VALUE - pos));
                    if (n < 0) {
                        throw new AssertionError("closed after " + pos + " bytes of GET " + g);
                    }
                    for (int k = 0; k < n; k++) {
                        if (chunk[k] != pattern(pos + k)) {
                            throw new AssertionError("GET " + g + " differs at byte " + (pos + k));
                        }
                    }
                    pos += n;
                }
                assertEquals("", line(in));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * BLPOP on an empty list, then {@code megabytes} 1 MB SETs pipelined (past the limit): true when the server
     * closes the connection before answering anything.
     */
    static boolean overLimitWhileBlocked(int port, int megabytes) {
        byte[] mb = new byte[1 << 20];
        byte[] header = ("*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$" + mb.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket sock = new Socket("127.0.0.1", port)) {
            sock.setSoTimeout(10_000);
            OutputStream out = sock.getOutputStream();
            out.write("*3\r\n$5\r\nBLPOP\r\n$5\r\nempty\r\n$1\r\n0\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                for (int i = 0; i < megabytes; i++) {
                    out.write(header);
                    out.write(mb);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            } catch (IOException closedWhileWriting) {
                return true;
            }
            try {
                return sock.getInputStream().read() < 0;
            } catch (IOException reset) {
                return true;
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            sb.append((char) b);
        }
        if (in.read() != '\n') {
            throw new IOException("no LF after CR");
        }
        return sb.toString();
    }
}
