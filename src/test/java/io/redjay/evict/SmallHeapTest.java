package io.redjay.evict;

import io.redjay.support.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose heap is far smaller than what it is sent, without maxmemory, in a process of its own: a value too
 * large for the heap fails with the OOM error and the server goes on; 600 MB of writes into a 256 MB heap end in
 * OOM errors, never in a hang; reads, PING and deletes are still answered, the first keys are intact, and SIGTERM
 * still shuts it down with status 0.
 */
class SmallHeapTest {
    private static final String OOM = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";

    @Test
    void writesAreRefusedAndEverythingElseGoesOn(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseZGC", "-cp",
                System.getProperty("java.class.path"), "io.redjay.RedjayServer", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--dir", dir.toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (RawClient c = RawClient.whenUp(port, p)) {
            assertEquals(OOM, c.call("SETBIT", "huge", "4294967295", "1"), "a 512 MB bitmap does not fit");
            assertEquals("+PONG\r\n", c.call("PING"));
            String value = "v".repeat(10_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!c.call("SET", "k0", value).equals("+OK\r\n")) {
                assertTrue(System.nanoTime() < deadline, "writes accepted again once the heap recovered");
            }
            int ok = 1;
            int refused = 0;
            for (int batch = 0; batch < 600; batch++) {
                for (int i = 0; i < 100; i++) {
                    c.command("SET", "k" + (batch * 100 + i + 1), value);
                }
                for (int i = 0; i < 100; i++) {
                    String r = c.readReply();
                    if (r.equals("+OK\r\n")) {
                        ok++;
                    } else {
                        assertEquals(OOM, r);
                        refused++;
                    }
                }
            }
            assertTrue(refused > 0 && ok > 1000, "ok " + ok + " refused " + refused);
            assertEquals("+PONG\r\n", c.call("PING"));
            assertEquals("$10000\r\n" + value + "\r\n", c.call("GET", "k0"), "the first key is intact");
            assertEquals("$10000\r\n" + value + "\r\n", c.call("GET", "k1"));
            assertEquals(":" + ok + "\r\n", c.call("DBSIZE"));
            assertEquals(":1\r\n", c.call("DEL", "k1"));
        }
        p.destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGTERM still shuts the server down");
        assertEquals(0, p.exitValue());
    }

}
