package io.redjay.config;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CONFIG SET port moves the listener at run time, and a port that cannot be bound rolls the whole command back. */
class ConfigSetPortTest {
    @Test
    void unusablePortRollsEveryValueBack() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port());
             ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            String maxmemory = c.call("CONFIG", "GET", "maxmemory");
            String reply = c.call("CONFIG", "SET", "maxmemory", "10000001", "port",
                    Integer.toString(taken.getLocalPort()), "client-query-buffer-limit", "10m");
            assertTrue(reply.startsWith("-ERR CONFIG SET failed (possibly related to argument 'port') - Unable to "
                    + "listen on this port"), reply);
            assertEquals(maxmemory, c.call("CONFIG", "GET", "maxmemory"));
            assertEquals("+PONG\r\n", c.call("PING"));
            try (RawClient again = new RawClient(s.port())) {
                assertEquals("+PONG\r\n", again.call("PING"));
            }
        }
    }

    @Test
    void serverMovesToTheNewPort() throws Exception {
        int newPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            newPort = probe.getLocalPort();
        }
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            int oldPort = s.port();
            c.command("CONFIG", "SET", "port", Integer.toString(newPort));
            c.command("PING");
            assertEquals("+OK\r\n", c.readReply());
            assertEquals("+PONG\r\n", c.readReply());
            assertEquals(newPort, s.port());
            try (RawClient moved = new RawClient(newPort)) {
                assertEquals("+PONG\r\n", moved.call("PING"));
            }
            assertThrows(java.io.IOException.class, () -> new RawClient(oldPort).close());
        }
    }
}
