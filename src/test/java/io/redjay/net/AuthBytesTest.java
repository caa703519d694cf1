package io.redjay.net;

import io.redjay.server.ProtectedMode;
import io.redjay.support.RawClient;
import io.redjay.support.RealRedis;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passwords are bytes: a requirepass given on the command line (in a UTF-8 or a C locale) or with CONFIG SET matches
 * exactly the bytes a client sends; user names are case-sensitive; protected mode trusts 127.0.0.1 and ::1 only.
 */
class AuthBytesTest {
    private static final String EUROS = "€€€€€€€€";
    private static final String NOTS = "¬¬¬¬¬¬¬¬";
    private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String auth(RawClient c, String... args) throws IOException {
        byte[][] argv = new byte[args.length + 1][];
        argv[0] = utf8("AUTH");
        for (int i = 0; i < args.length; i++) {
            argv[i + 1] = utf8(args[i]);
        }
        c.command(argv);
        return c.readReply();
    }

    @Test
    void utf8RequirepassFromTheCommandLineMatchesTheTypedBytes(@TempDir Path dir) throws Exception {
        for (String locale : List.of("C.UTF-8", "C")) {
            int port = freePort();
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "io.redjay.RedjayServer", "--port", Integer.toString(port), "--save", "", "--requirepass", EUROS)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out-" + locale).toFile());
            pb.environment().put("LANG", locale);
            pb.environment().put("LC_ALL", locale);
            Process p = pb.start();
            try (RawClient c = connect(port, p)) {
                assertEquals(WRONGPASS, auth(c, NOTS), locale);
                assertEquals("+OK\r\n", auth(c, EUROS), locale);
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void utf8RequirepassFromConfigSetMatchesTheTypedBytes() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            c.command(utf8("CONFIG"), utf8("SET"), utf8("requirepass"), utf8(EUROS));
            assertEquals("+OK\r\n", c.readReply());
            try (RawClient other = new RawClient(s.port())) {
                assertEquals(WRONGPASS, auth(other, NOTS));
                assertEquals("+OK\r\n", auth(other, EUROS));
                assertEquals("+OK\r\n", auth(other, "default", EUROS));
            }
        }
    }

    @Test
    void userNamesAreCaseSensitiveAsInRedis() throws Exception {
        try (TestServer s = TestServer.start("--requirepass", "pw"); RawClient c = new RawClient(s.port())) {
            assertEquals(WRONGPASS, auth(c, "DEFAULT", "pw"));
            assertEquals("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                    + "<proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
                    + "protocol version at the same time\r\n", c.call("HELLO", "2"));
            assertEquals(WRONGPASS, c.call("HELLO", "2", "AUTH", "Default", "pw"));
            assertEquals("+OK\r\n", auth(c, "default", "pw"));
        }
        Assumptions.assumeTrue(RealRedis.available());
        try (RealRedis r = RealRedis.start(); RawClient c = new RawClient(r.port())) {
            assertEquals("+OK\r\n", c.call("CONFIG", "SET", "requirepass", "pw"));
            assertEquals(WRONGPASS, auth(c, "DEFAULT", "pw"));
            assertEquals("+OK\r\n", auth(c, "default", "pw"));
        }
    }

    @Test
    void protectedModeTrustsOnly127001AndIpv6Loopback() throws Exception {
        assertTrue(ProtectedMode.isLocal(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1)));
        assertTrue(ProtectedMode.isLocal(new InetSocketAddress(InetAddress.getByName("::1"), 1)));
        assertFalse(ProtectedMode.isLocal(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 1)));
        assertFalse(ProtectedMode.isLocal(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 1)));
    }

    @Test
    void clientFrom127002IsDeniedInProtectedMode() throws Exception {
        try (TestServer s = TestServer.start("--protected-mode", "yes")) {
            Socket probe = new Socket();
            boolean bound;
            try {
                probe.bind(new InetSocketAddress("127.0.0.2", 0));
                bound = true;
            } catch (IOException cannotBind) {
                bound = false;
            }
            Assumptions.assumeTrue(bound, "127.0.0.2 cannot be bound here");
            probe.connect(new InetSocketAddress("127.0.0.1", s.port()), 2000);
            probe.setSoTimeout(5000);
            String reply = new String(probe.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
            assertEquals("-DENIED", reply);
            probe.close();
            try (RawClient local = new RawClient(s.port())) {
                assertEquals("+PONG\r\n", local.call("PING"));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0)) {
            return ss.getLocalPort();
        }
    }

    private static RawClient connect(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return new RawClient(port);
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }
}
