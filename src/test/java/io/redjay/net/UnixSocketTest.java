package io.redjay.net;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code unixsocket}: the server also listens on a unix domain socket, with {@code unixsocketperm}'s mode, serves the
 * same commands there, shows such clients as Redis does ({@code addr=/unixsocket:0}, flag {@code U}), and removes the socket file
 * when it stops. A stale file left at the path is replaced.
 */
class UnixSocketTest {

    private static String call(SocketChannel ch, String command) throws Exception {
        ch.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = ByteBuffer.allocate(4096);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (in.position() == 0 || in.get(in.position() - 1) != '\n') {
            assertTrue(System.nanoTime() < deadline, "a reply arrives");
            ch.read(in);
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void clientsConnectOverTheUnixSocket(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(NetServer.nativeTransport(), "no native transport");
        Path socket = dir.resolve("redjay.sock");
        Files.writeString(socket, "stale");
        try (TestServer t = TestServer.start("--unixsocket", socket.toString(), "--unixsocketperm", "700");
             RawClient tcp = new RawClient(t.port())) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                assertEquals("+PONG\r\n", call(ch, "PING\r\n"));
                assertEquals("+OK\r\n", call(ch, "SET k v\r\n"));
                assertEquals("$1\r\nv\r\n", tcp.call("GET", "k"), "one server behind both sockets");
                String info = call(ch, "CLIENT INFO\r\n");
                assertTrue(info.contains("addr=/unixsocket:0 laddr=/unixsocket:0") && info.contains("flags=U"), info);
            }
        }
        assertFalse(Files.exists(socket), "the socket file is removed at shutdown");
    }
}
