package io.redjay.protocol;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol over a real socket: inline commands, deep pipelines, and protocol errors, which must reach the client
 * as Redis's exact error before the server closes that connection, without disturbing anyone else.
 */
class ProtocolServerTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private RawClient client() throws IOException {
        return new RawClient(server.port());
    }

    @Test
    void inlineCommands() throws Exception {
        try (RawClient c = client()) {
            c.send("PING\r\n");
            assertEquals("+PONG\r\n", c.readReply());
            c.send("SET \"inline key\" 'it''s'\n");
            assertEquals("-ERR Protocol error: unbalanced quotes in request\r\n", c.readReply());
        }
        try (RawClient c = client()) {
            c.send("SET \"inline key\" \"a\\x41\\n\"\r\nGET \"inline key\"\r\n\r\n  \r\nECHO x\n");
            assertEquals("+OK\r\n", c.readReply());
            assertEquals("$3\r\naA\n\r\n", c.readReply());
            assertEquals("$1\r\nx\r\n", c.readReply());
        }
    }

    @Test
    void emptyMultibulksGetNoReply() throws Exception {
        try (RawClient c = client()) {
            c.send("*0\r\n*-1\r\n\r\n*1\r\n$4\r\nPING\r\n");
            assertEquals("+PONG\r\n", c.readReply());
        }
    }

    @Test
    void thousandPipelinedCommandsInOneWrite() throws Exception {
        try (RawClient c = client()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (int i = 0; i < 1000; i++) {
                String v = Integer.toString(i);
                String cmd = i % 2 == 0
                        ? "*3\r\n$3\r\nSET\r\n$6\r\npipe:k\r\n$" + v.length() + "\r\n" + v + "\r\n"
                        : "GET pipe:k\r\n";
                buf.writeBytes(cmd.getBytes(StandardCharsets.US_ASCII));
            }
            c.send(buf.toByteArray());
            for (int i = 0; i < 1000; i++) {
                String expected = i % 2 == 0 ? "+OK\r\n" : "$" + Integer.toString(i - 1).length() + "\r\n" + (i - 1) + "\r\n";
                assertEquals(expected, c.readReply(), "reply " + i);
            }
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void commandSplitAcrossWrites() throws Exception {
        try (RawClient c = client()) {
            for (String part : new String[] {"*2\r", "\n$4\r\nEC", "HO\r\n$5", "\r\nhel", "lo\r", "\n"}) {
                c.send(part);
                Thread.sleep(5);
            }
            assertEquals("$5\r\nhello\r\n", c.readReply());
        }
    }

    @Test
    void protocolErrorRepliesThenClosesOnlyThatConnection() throws Exception {
        try (RawClient bystander = client(); RawClient bad = client()) {
            assertEquals("+OK\r\n", bystander.call("SET", "bystander", "1"));
            bad.send("PING\r\n*1\r\nx\r\nPING\r\n");
            assertEquals("+PONG\r\n", bad.readReply());
            assertEquals("-ERR Protocol error: expected '$', got 'x'\r\n", bad.readReply());
            assertTrue(bad.closedByServer());
            assertEquals("$1\r\n1\r\n", bystander.call("GET", "bystander"));
        }
    }

    @Test
    void invalidMultibulkLength() throws Exception {
        assertErrorThenClose("*abc\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
        assertErrorThenClose("*01\r\n$4\r\nPING\r\n", "-ERR Protocol error: invalid multibulk length\r\n");
    }

    @Test
    void hugeDeclaredBulkLength() throws Exception {
        assertErrorThenClose("*1\r\n$2147483648\r\n", "-ERR Protocol error: invalid bulk length\r\n");
    }

    @Test
    void unbalancedQuotes() throws Exception {
        assertErrorThenClose("GET \"abc\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n");
    }

    @Test
    void endlessInlineLineIsCutAt64KB() throws Exception {
        try (RawClient c = client()) {
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) 'a');
            int sent = 0;
            try {
                while (sent < 1024 * 1024) {
                    c.send(chunk);
                    sent += chunk.length;
                }
            } catch (SocketException e) {
                // The server closed the connection while we were still writing; its reply is already on its way.
            }
            assertTrue(sent > RequestParser.INLINE_MAX, "the server read past 64KB before closing");
            assertEquals("-ERR Protocol error: too big inline request\r\n", c.readReply());
        }
        try (RawClient c = client()) {
            assertEquals("+PONG\r\n", c.call("PING"));
        }
    }

    @Test
    void unauthenticatedClientsGetTightLimits() throws Exception {
        try (TestServer locked = TestServer.start("--requirepass", "secret")) {
            try (RawClient c = new RawClient(locked.port())) {
                c.send("*11\r\n");
                assertEquals("-ERR Protocol error: unauthenticated multibulk length\r\n", c.readReply());
                assertTrue(c.closedByServer());
            }
            try (RawClient c = new RawClient(locked.port())) {
                c.send("*2\r\n$4\r\nECHO\r\n$16385\r\n");
                assertEquals("-ERR Protocol error: unauthenticated bulk length\r\n", c.readReply());
                assertTrue(c.closedByServer());
            }
            try (RawClient c = new RawClient(locked.port())) {
                assertEquals("+OK\r\n", c.call("AUTH", "secret"));
                String big = "v".repeat(20000);
                assertEquals("$20000\r\n" + big + "\r\n", c.call("ECHO", big));
            }
        }
    }

    private void assertErrorThenClose(String request, String error) throws IOException {
        try (RawClient c = client()) {
            c.send(request);
            assertEquals(error, c.readReply());
            assertTrue(c.closedByServer(), "connection closed after " + error.trim());
        }
    }
}
