package io.redjay.net;

import io.redjay.support.ManualClock;
import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** maxclients, idle timeout, requirepass and protected mode, as a client sees them on the wire. */
class ConnectionLimitsTest {
    @Test
    void connectionsBeyondMaxclientsAreRefusedWithRedisError() throws Exception {
        try (TestServer s = TestServer.start("--maxclients", "2");
             RawClient a = new RawClient(s.port()); RawClient b = new RawClient(s.port())) {
            assertEquals("+PONG\r\n", a.call("PING"));
            assertEquals("+PONG\r\n", b.call("PING"));
            try (RawClient c = new RawClient(s.port())) {
                assertEquals("-ERR max number of clients reached\r\n", c.readReply());
                assertTrue(c.closedByServer());
            }
            assertEquals("+PONG\r\n", a.call("PING"));
        }
    }

    @Test
    void idleClientsAreClosedAfterTimeout() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestServer s = TestServer.start(clock, "--timeout", "1", "--hz", "100");
             RawClient idle = new RawClient(s.port()); RawClient busy = new RawClient(s.port())) {
            assertEquals("+PONG\r\n", idle.call("PING"));
            clock.advance(700);
            assertEquals("+PONG\r\n", busy.call("PING"));
            clock.advance(800);
            assertTrue(idle.closedByServer());
            assertEquals("+PONG\r\n", busy.call("PING"));
        }
    }

    @Test
    void requirepassGatesCommandsUntilAuth() throws Exception {
        try (TestServer s = TestServer.start("--requirepass", "secret"); RawClient c = new RawClient(s.port())) {
            assertEquals("-NOAUTH Authentication required.\r\n", c.call("GET", "k"));
            assertEquals("-WRONGPASS invalid username-password pair or user is disabled.\r\n",
                    c.call("AUTH", "nope"));
            assertEquals("+OK\r\n", c.call("AUTH", "secret"));
            assertEquals("$-1\r\n", c.call("GET", "k"));
        }
    }

    @Test
    void unauthenticatedClientCannotSendLargeRequests() throws Exception {
        try (TestServer s = TestServer.start("--requirepass", "secret"); RawClient c = new RawClient(s.port())) {
            c.send("*20\r\n");
            assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", c.readReply());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void protectedModeRefusesNonLoopbackClientsWithoutPassword() throws Exception {
        try (TestServer s = TestServer.start()) {
            RecordingConnection remote = new RecordingConnection();
            Object accepted = s.server().executor().submit(() -> s.server().connect(remote, false)).get();
            assertEquals(null, accepted);
            assertTrue(remote.written().startsWith("-DENIED Redis is running in protected mode"), remote.written());
            assertTrue(remote.closed);
            RecordingConnection local = new RecordingConnection();
            assertTrue(s.server().executor().submit(() -> s.server().connect(local, true)).get() != null);
        }
    }

    @Test
    void protectedModeAcceptsRemoteClientsOncePasswordIsSet() throws Exception {
        try (TestServer s = TestServer.start("--requirepass", "pw")) {
            RecordingConnection remote = new RecordingConnection();
            assertTrue(s.server().executor().submit(() -> s.server().connect(remote, false)).get() != null);
        }
    }

    /** A connection that keeps what the server writes, for checks that need no socket. */
    private static final class RecordingConnection implements io.redjay.client.Connection {
        private final StringBuilder out = new StringBuilder();
        boolean closed;

        String written() {
            return out.toString();
        }

        @Override
        public io.netty.buffer.ByteBuf allocate() {
            return io.netty.buffer.Unpooled.buffer();
        }

        @Override
        public void write(io.netty.buffer.ByteBuf replies) {
            out.append(replies.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            replies.release();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void abort() {
            closed = true;
        }

        @Override
        public String remoteAddress() {
            return "203.0.113.9:5555";
        }

        @Override
        public String localAddress() {
            return "127.0.0.1:6379";
        }

        @Override
        public void autoRead(boolean on) {
        }

        @Override
        public long pendingOutputBytes() {
            return 0;
        }
    }
}
