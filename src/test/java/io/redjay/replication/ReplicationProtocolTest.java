package io.redjay.replication;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.redjay.replication.ReplicationChecks.await;
import static io.redjay.replication.ReplicationChecks.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replication protocol on the wire, as a replica sees it: REPLCONF's replies, {@code +FULLRESYNC} with the
 * replication ID and offset, the RDB as {@code $<length>} and the file, then the stream (a SELECT, then the writes,
 * byte for byte as Redis encodes them); SYNC, the old form, sends the RDB without the first line.
 */
class ReplicationProtocolTest {
    private static String line(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            assertTrue(c >= 0, "connection closed");
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
    }

    private static byte[] read(InputStream in, int n) throws Exception {
        byte[] out = in.readNBytes(n);
        assertEquals(n, out.length);
        return out;
    }

    private static void send(OutputStream out, String... argv) throws Exception {
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The payload's first line, past the newlines a master sends each second while the payload is prepared. */
    private static String headerAfterKeepAlives(InputStream in) throws Exception {
        String header = line(in);
        for (int i = 0; header.isEmpty() && i < 600; i++) {
            header = line(in);
        }
        return header;
    }

    /** Reads the RDB payload of a disk-based sync ({@code $<length>}) and returns its bytes. */
    private static byte[] payload(InputStream in) throws Exception {
        String header = headerAfterKeepAlives(in);
        assertTrue(header.matches("\\$[0-9]+"), header);
        byte[] rdb = read(in, Integer.parseInt(header.substring(1)));
        assertEquals("REDIS0010", new String(rdb, 0, 9, StandardCharsets.US_ASCII));
        return rdb;
    }

    /** Reads a diskless payload ({@code $EOF:<mark>}, the RDB, the mark) and returns the RDB's bytes. */
    private static byte[] streamedPayload(InputStream in) throws Exception {
        String header = headerAfterKeepAlives(in);
        assertTrue(header.matches("\\$EOF:[0-9a-f]{40}"), header);
        byte[] mark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        while (rdb.size() < mark.length || !java.util.Arrays.equals(mark, java.util.Arrays.copyOfRange(
                rdb.toByteArray(), rdb.size() - mark.length, rdb.size()))) {
            int c = in.read();
            assertTrue(c >= 0, "connection closed before the end mark");
            rdb.write(c);
        }
        byte[] bytes = java.util.Arrays.copyOf(rdb.toByteArray(), rdb.size() - mark.length);
        assertEquals("REDIS0010", new String(bytes, 0, 9, StandardCharsets.US_ASCII));
        return bytes;
    }

    @Test
    void psyncGetsAFullResyncTheRdbAndThenTheStream(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync", "no");
             RawClient c = new RawClient(t.port());
             Socket s = new Socket("127.0.0.1", t.port())) {
            s.setSoTimeout(10_000);
            c.call("SET", "before", "1");
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            send(out, "REPLCONF", "listening-port", "6390");
            assertEquals("+OK", line(in));
            send(out, "REPLCONF", "capa", "eof", "capa", "psync2");
            assertEquals("+OK", line(in));
            send(out, "REPLCONF", "nonsense", "1");
            assertEquals("-ERR Unrecognized REPLCONF option: nonsense", line(in));
            send(out, "PSYNC", "?", "-1");
            String full = line(in);
            assertTrue(full.matches("\\+FULLRESYNC [0-9a-f]{40} 0"), full);
            payload(in);
            c.call("SET", "after", "2");
            String expected = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n2\r\n";
            assertEquals(expected, new String(read(in, expected.length()), StandardCharsets.ISO_8859_1));
            String info = c.call("INFO", "replication");
            assertTrue(info.contains("connected_slaves:1") && info.contains("port=6390,state=online"), info);
            assertTrue(info.contains("master_repl_offset:" + expected.length()), info);
            assertTrue(info.contains("master_replid:" + full.substring(12, 52)), info);
            send(out, "REPLCONF", "ACK", Integer.toString(expected.length()));
            String role = "*3\r\n$6\r\nmaster\r\n:" + expected.length() + "\r\n*1\r\n*3\r\n$9\r\n127.0.0.1\r\n"
                    + "$4\r\n6390\r\n$" + Integer.toString(expected.length()).length() + "\r\n" + expected.length()
                    + "\r\n";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!c.call("ROLE").equals(role)) {
                assertTrue(System.nanoTime() < deadline, "ROLE shows the replica with its acknowledged offset");
                Thread.sleep(10);
            }
        }
    }

    @Test
    void aDisklessSyncStreamsTheRdbBetweenMarksAndTheStreamWaitsForTheFirstAck(@TempDir Path dir)
            throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync", "yes",
                "--repl-diskless-sync-delay", "0");
             RawClient c = new RawClient(t.port()); Socket s = new Socket("127.0.0.1", t.port())) {
            s.setSoTimeout(10_000);
            c.call("DEBUG", "POPULATE", "1000");
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            send(out, "REPLCONF", "capa", "eof", "capa", "psync2");
            assertEquals("+OK", line(in));
            send(out, "PSYNC", "?", "-1");
            assertTrue(line(in).startsWith("+FULLRESYNC "));
            byte[] rdb = streamedPayload(in);
            assertTrue(rdb.length > 1000 * 10, "the whole dataset: " + rdb.length + " bytes");
            await("the transfer has ended", () -> field(c, "persistence", "rdb_bgsave_in_progress").equals("0"));
            assertTrue(!java.nio.file.Files.exists(dir.resolve("dump.rdb")), "nothing was written to disk");
            c.call("SET", "after", "2");
            s.setSoTimeout(300);
            assertThrows(java.net.SocketTimeoutException.class, in::read, "no stream before the first ACK");
            s.setSoTimeout(10_000);
            send(out, "REPLCONF", "ACK", "0");
            String expected = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n2\r\n";
            assertEquals(expected, new String(read(in, expected.length()), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aReplicaAskingForAnythingButReplconfIsDisconnectedRatherThanAnswered(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync", "no");
             RawClient c = new RawClient(t.port()); Socket s = new Socket("127.0.0.1", t.port())) {
            s.setSoTimeout(10_000);
            c.call("SET", "foo", "bar");
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            send(out, "PSYNC", "?", "-1");
            assertTrue(line(in).startsWith("+FULLRESYNC "));
            payload(in);
            send(out, "GET", "foo");
            c.call("SET", "after", "1");
            int b;
            StringBuilder rest = new StringBuilder();
            while ((b = in.read()) >= 0) {
                rest.append((char) b);
            }
            assertTrue(!rest.toString().contains("$3\r\nbar"), "no reply went into the stream: " + rest);
            await("the replica is gone", () -> field(c, "replication", "connected_slaves").equals("0"));
        }
    }

    @Test
    void theBacklogTakesANewSizeAtOnceKeepingItsNewestBytes(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-diskless-sync", "no");
             RawClient c = new RawClient(t.port()); Socket s = new Socket("127.0.0.1", t.port())) {
            s.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            send(s.getOutputStream(), "PSYNC", "?", "-1");
            assertTrue(line(in).startsWith("+FULLRESYNC "));
            payload(in);
            for (int i = 0; i < 10; i++) {
                c.call("SET", "k" + i, "x".repeat(16_000));
            }
            long offset = Long.parseLong(field(c, "replication", "master_repl_offset"));
            assertEquals(Long.toString(offset), field(c, "replication", "repl_backlog_histlen"));
            c.call("CONFIG", "SET", "repl-backlog-size", "16384");
            assertEquals("16384", field(c, "replication", "repl_backlog_histlen"));
            assertEquals(Long.toString(offset - 16384 + 1), field(c, "replication", "repl_backlog_first_byte_offset"));
        }
    }

    @Test
    void syncSendsTheRdbWithoutTheFirstLine(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(t.port());
             Socket s = new Socket("127.0.0.1", t.port())) {
            s.setSoTimeout(10_000);
            c.call("RPUSH", "l", "a");
            InputStream in = new BufferedInputStream(s.getInputStream());
            send(s.getOutputStream(), "SYNC");
            payload(in);
            c.call("RPUSH", "l", "b");
            String expected = "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\nb\r\n";
            assertEquals(expected, new String(read(in, expected.length()), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void aReplicaThatStopsAcknowledgingIsDroppedAfterReplTimeout(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-timeout", "1");
             RawClient c = new RawClient(t.port()); Socket s = new Socket("127.0.0.1", t.port())) {
            s.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            send(s.getOutputStream(), "PSYNC", "?", "-1");
            assertTrue(line(in).startsWith("+FULLRESYNC"));
            payload(in);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!c.call("INFO", "replication").contains("connected_slaves:0")) {
                assertTrue(System.nanoTime() < deadline, "the silent replica is disconnected");
                Thread.sleep(20);
            }
            assertEquals(-1, in.read(), "its connection is closed");
        }
    }

    @Test
    void theBacklogIsFreedAfterReplBacklogTtlWithoutReplicas(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start("--dir", dir.toString(), "--repl-backlog-ttl", "1");
             RawClient c = new RawClient(t.port())) {
            String firstId;
            try (Socket s = new Socket("127.0.0.1", t.port())) {
                s.setSoTimeout(10_000);
                InputStream in = new BufferedInputStream(s.getInputStream());
                send(s.getOutputStream(), "PSYNC", "?", "-1");
                firstId = line(in).substring(12, 52);
                payload(in);
                assertTrue(c.call("INFO", "replication").contains("repl_backlog_active:1"));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!c.call("INFO", "replication").contains("repl_backlog_active:0")) {
                assertTrue(System.nanoTime() < deadline, "the backlog is freed");
                Thread.sleep(50);
            }
            assertTrue(!c.call("INFO", "replication").contains("master_replid:" + firstId),
                    "a new replication ID: the old history cannot be continued");
            c.call("SET", "k", "v");
        }
    }

    @Test
    void redisCliRdbDownloadsASnapshotThatRedisCheckRdbAccepts(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/redis-cli"))
                && java.nio.file.Files.isExecutable(Path.of("/usr/bin/redis-check-rdb")), "no redis-tools");
        try (TestServer t = TestServer.start("--dir", dir.toString()); RawClient c = new RawClient(t.port())) {
            c.call("DEBUG", "POPULATE", "1000");
            Path out = dir.resolve("downloaded.rdb");
            Process cli = new ProcessBuilder("/usr/bin/redis-cli", "-p", Integer.toString(t.port()), "--rdb",
                    out.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(cli.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "redis-cli --rdb ends");
            assertEquals(0, cli.exitValue());
            Process check = new ProcessBuilder("/usr/bin/redis-check-rdb", out.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, check.exitValue(), "redis-check-rdb accepts the file");
        }
    }
}
