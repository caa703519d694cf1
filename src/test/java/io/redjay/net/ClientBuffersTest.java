package io.redjay.net;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.redjay.client.ClientMemory;
import io.redjay.config.Config;
import io.redjay.server.ServerLog;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client holds, as CLIENT LIST and the server's accounting see it, and what happens when it holds too much:
 * qbuf counts unexecuted input (queued while blocked, a big argument arriving), the query buffer limit and client
 * eviction close clients with Redis's log lines, output limits count large values queued uncopied, and connections
 * closed on errors are logged as Redis logs them.
 */
class ClientBuffersTest {
    private final List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            logged.add(e);
        }
    };

    @BeforeEach
    void capture() {
        appender.setContext(ServerLog.context());
        appender.start();
        ServerLog.addAppender(appender);
    }

    @AfterEach
    void release() {
        ServerLog.context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }

    private boolean logged(Level level, String text) {
        for (ILoggingEvent e : logged) {
            if (e.getLevel() == level && e.getFormattedMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /** A numeric field of the CLIENT LIST line of the client named {@code name}, -1 when it is not listed. */
    private static long field(RawClient c, String name, String field) {
        try {
            String list = c.call("CLIENT", "LIST");
            for (String line : list.split("\n")) {
                if (line.contains(" name=" + name + " ")) {
                    Matcher m = Pattern.compile(" " + field + "=(\\d+)").matcher(line);
                    assertTrue(m.find(), line);
                    return Long.parseLong(m.group(1));
                }
            }
            return -1;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void qbufCountsRequestsQueuedWhileBlockedAndDropsWhenTheyRun() throws Exception {
        try (TestServer s = TestServer.start(); RawClient blocked = new RawClient(s.port());
             RawClient watcher = new RawClient(s.port())) {
            assertEquals("+OK\r\n", blocked.call("CLIENT", "SETNAME", "blocked"));
            blocked.command("BLPOP", "empty", "0");
            String value = "v".repeat(1000);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                pipeline.append("*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1000\r\n").append(value).append("\r\n");
            }
            blocked.send(pipeline.toString());
            long queued = 10L * ("*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$1000\r\n".length() + 1002);
            await(() -> field(watcher, "blocked", "qbuf") == queued, "qbuf of the queued requests");
            assertTrue(field(watcher, "blocked", "tot-mem") >= queued);
            assertEquals(":1\r\n", watcher.call("LPUSH", "empty", "a"));
            assertEquals("*2\r\n$5\r\nempty\r\n$1\r\na\r\n", blocked.readReply());
            for (int i = 0; i < 10; i++) {
                assertEquals("+OK\r\n", blocked.readReply());
            }
            assertEquals(0, field(watcher, "blocked", "qbuf"));
        }
    }

    @Test
    void aBigArgumentArrivingShowsInQbufArgvMemAndTheClientTotals() throws Exception {
        try (TestServer s = TestServer.start(); RawClient uploader = new RawClient(s.port());
             RawClient watcher = new RawClient(s.port())) {
            assertEquals("+OK\r\n", uploader.call("CLIENT", "SETNAME", "up"));
            long before = s.server().executor().submit(() -> s.server().clientMemory().normalClients()).get();
            uploader.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n");
            uploader.send(new byte[2_000_000]);
            await(() -> field(watcher, "up", "qbuf") == 2_000_000, "qbuf of the partial argument");
            assertEquals(4, field(watcher, "up", "argv-mem"));
            long during = s.server().executor().submit(() -> s.server().clientMemory().normalClients()).get();
            assertTrue(during - before >= 2_000_000, before + " -> " + during);
            assertEquals(0L, (long) s.server().executor().submit(() -> s.server().clientMemory().replicaClients())
                    .get());
            uploader.send(new byte[1_000_000]);
            uploader.send("\r\n");
            assertEquals("+OK\r\n", uploader.readReply());
            assertEquals(":3000000\r\n", watcher.call("STRLEN", "k"));
            assertEquals(0, field(watcher, "up", "qbuf"));
        }
    }

    @Test
    void overTheQueryBufferLimitTheClientIsClosedWithRedisWarning() throws Exception {
        try (TestServer s = TestServer.start("--client-query-buffer-limit", "1mb");
             RawClient c = new RawClient(s.port())) {
            c.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n");
            try {
                c.send(new byte[2_000_000]);
            } catch (IOException resetWhileSending) {
                // the server may close before the last bytes are taken
            }
            assertTrue(c.closedByServer());
            await(() -> logged(Level.WARN, "Closing client that reached max query buffer length: id="),
                    "the warning");
            assertTrue(logged(Level.WARN, "(qbuf initial bytes: \""), String.valueOf(logged));
        }
    }

    @Test
    void clientEvictionClosesTheBiggestEvictableClient() throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-clients", "1mb");
             RawClient watcher = new RawClient(s.port()); RawClient small = new RawClient(s.port());
             RawClient big = new RawClient(s.port())) {
            assertEquals("+OK\r\n", watcher.call("CLIENT", "NO-EVICT", "on"));
            assertEquals("+PONG\r\n", small.call("PING"));
            big.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n");
            try {
                big.send(new byte[1_500_000]);
            } catch (IOException evictedWhileSending) {
                // the server may evict the client before the last bytes are taken
            }
            assertTrue(big.closedByServer());
            await(() -> logged(Level.INFO, "Evicting client: id="), "the eviction notice");
            assertEquals("+PONG\r\n", small.call("PING"));
            assertEquals(1L, (long) s.server().executor().submit(() -> s.server().clientMemory().evictedClients())
                    .get());
        }
    }

    @Test
    void noEvictClientsAreKept() throws Exception {
        try (TestServer s = TestServer.start("--maxmemory-clients", "1mb");
             RawClient watcher = new RawClient(s.port()); RawClient big = new RawClient(s.port())) {
            assertEquals("+OK\r\n", watcher.call("CLIENT", "NO-EVICT", "on"));
            assertEquals("+OK\r\n", big.call("CLIENT", "NO-EVICT", "on"));
            assertEquals("+OK\r\n", big.call("CLIENT", "SETNAME", "big"));
            big.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3000000\r\n");
            big.send(new byte[1_500_000]);
            await(() -> field(watcher, "big", "qbuf") == 1_500_000, "the partial upload");
            assertTrue(logged(Level.WARN, "Over client maxmemory after evicting all evictable clients"));
            big.send(new byte[1_500_000]);
            big.send("\r\n");
            assertEquals("+OK\r\n", big.readReply());
        }
    }

    @Test
    void maxmemoryClientsLimitIsBytesOrAPercentOfMaxmemoryNeverUnder128k() {
        Config cfg = new Config();
        cfg.maxmemoryClients = 0;
        assertEquals(0, ClientMemory.limit(cfg));
        cfg.maxmemoryClients = 1 << 20;
        assertEquals(1 << 20, ClientMemory.limit(cfg));
        cfg.maxmemoryClients = 1000;
        assertEquals(128 * 1024, ClientMemory.limit(cfg));
        cfg.maxmemoryClients = -10;
        cfg.maxmemory = 0;
        assertEquals(0, ClientMemory.limit(cfg));
        cfg.maxmemory = 100L << 20;
        assertEquals(10L << 20, ClientMemory.limit(cfg));
    }

    @Test
    void outputLimitCountsLargeValuesQueuedUncopied() throws Exception {
        try (TestServer s = TestServer.start("--client-output-buffer-limit", "normal 4mb 0 0");
             RawClient c = new RawClient(s.port())) {
            byte[] value = new byte[3 << 20];
            c.command(ascii("SET"), ascii("big"), value);
            assertEquals("+OK\r\n", c.readReply());
            c.send("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".repeat(4));
            await(() -> logged(Level.WARN, "scheduled to be closed ASAP for overcoming of output buffer limits."),
                    "the output limit warning");
            try (RawClient other = new RawClient(s.port())) {
                assertEquals("+PONG\r\n", other.call("PING"));
            }
        }
    }

    @Test
    void connectionsClosedOnErrorsAreLoggedAtVerbose() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            try (RawClient admin = new RawClient(s.port())) {
                assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "loglevel", "verbose"));
            }
            c.send("*abc\r\n");
            assertEquals("-ERR Protocol error: invalid multibulk length\r\n", c.readReply());
            assertTrue(c.closedByServer());
            await(() -> logged(Level.DEBUG, "Protocol error (invalid mbulk count) from client: id="),
                    "the protocol error line");
            assertTrue(logged(Level.DEBUG, "Query buffer during protocol error: '*abc..'"), String.valueOf(logged));

            Socket reset = new Socket("127.0.0.1", s.port());
            reset.getOutputStream().write(ascii("PING\r\n"));
            reset.getInputStream().readNBytes(7);
            reset.setSoLinger(true, 0);
            reset.close();
            await(() -> logged(Level.DEBUG, "Reading from client: Connection reset by peer"), "the read error");
            assertFalse(logged(Level.DEBUG, "Reading from client: recvAddress"));
        } finally {
            ServerLog.context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        }
    }
}
