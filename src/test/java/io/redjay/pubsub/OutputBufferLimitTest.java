package io.redjay.pubsub;

import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subscriber that never reads, and a publisher that never stops: the server must cut the subscriber off at its
 * pub/sub output-buffer limit, keep serving everyone else, and not hold more than the limit (plus socket buffers)
 * for it.
 */
class OutputBufferLimitTest {
    private static final String MESSAGE = "x".repeat(10_000);

    @Test
    void nonReadingSubscriberIsDisconnectedAtTheHardLimit() throws Exception {
        try (TestServer s = TestServer.start(); RawClient pub = new RawClient(s.port());
             Socket sub = silentSubscriber(s.port())) {
            assertEquals("+OK\r\n", pub.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 5"));
            awaitSubscribed(pub);
            long published = publishUntilNobodyListens(pub, 64L * 1024 * 1024);
            assertTrue(published < 32L * 1024 * 1024, "cut off after " + published + " bytes");
            assertEquals("$0\r\n\r\n", pub.call("CLIENT", "LIST", "TYPE", "pubsub"));
            assertEquals("+PONG\r\n", pub.call("PING"));
            assertEquals(1, s.server().stats().clientOutputBufferLimitDisconnections);
            String info = pub.call("INFO", "stats");
            assertTrue(info.contains("pubsub_channels:0\r\n"), info);
        }
    }

    @Test
    void softLimitDisconnectsOnlyAfterItsSeconds() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer s = TestServer.start(clock); RawClient pub = new RawClient(s.port());
             Socket sub = silentSubscriber(s.port())) {
            pub.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 0 256kb 5");
            awaitSubscribed(pub);
            while (pubsubOutput(pub) < 300 * 1024) {
                for (int i = 0; i < 50; i++) {
                    pub.command("PUBLISH", "ch", MESSAGE);
                }
                for (int i = 0; i < 50; i++) {
                    assertEquals(":1\r\n", pub.readReply());
                }
            }
            clock.advance(4000);
            assertEquals(":1\r\n", pub.call("PUBLISH", "ch", MESSAGE), "over the soft limit for less than 5s");
            clock.advance(2000);
            assertEquals(":1\r\n", pub.call("PUBLISH", "ch", MESSAGE), "this one is counted, then it is cut off");
            assertEquals(":0\r\n", pub.call("PUBLISH", "ch", MESSAGE));
            assertEquals(1, s.server().stats().clientOutputBufferLimitDisconnections);
        }
    }

    /** A subscriber with a tiny receive window that sends SUBSCRIBE and then never reads again. */
    private static Socket silentSubscriber(int port) throws Exception {
        Socket sub = new Socket();
        sub.setReceiveBufferSize(4096);
        sub.connect(new InetSocketAddress("127.0.0.1", port));
        OutputStream out = sub.getOutputStream();
        out.write("*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return sub;
    }

    private static void awaitSubscribed(RawClient pub) throws Exception {
        long end = System.currentTimeMillis() + 5000;
        while (!pub.call("PUBSUB", "NUMSUB", "ch").endsWith(":1\r\n")) {
            assertTrue(System.currentTimeMillis() < end);
            Thread.sleep(5);
        }
    }

    /** Publishes until PUBLISH reports no receiver; returns the bytes published, failing past {@code max}. */
    private static long publishUntilNobodyListens(RawClient pub, long max) throws Exception {
        long bytes = 0;
        while (true) {
            String r = pub.call("PUBLISH", "ch", MESSAGE);
            if (r.equals(":0\r\n")) {
                return bytes;
            }
            bytes += MESSAGE.length();
            assertTrue(bytes < max, "subscriber never disconnected");
        }
    }

    /** obl + omem of the pub/sub client, as CLIENT LIST reports them. */
    private static long pubsubOutput(RawClient pub) throws Exception {
        String list = pub.call("CLIENT", "LIST", "TYPE", "pubsub");
        return field(list, "obl") + field(list, "omem");
    }

    private static long field(String line, String name) {
        int i = line.indexOf(" " + name + "=") + name.length() + 2;
        int j = line.indexOf(' ', i);
        return Long.parseLong(line.substring(i, j));
    }
}
