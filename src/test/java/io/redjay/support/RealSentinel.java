package io.redjay.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-sentinel} started as a child process on a free loopback port, with a config file generated in
 * a temporary directory (Sentinel rewrites that file as it learns the topology, so it cannot be a fixture). Tests
 * call {@link #available()} first and skip (JUnit assumptions) on machines where Sentinel is not installed.
 */
public final class RealSentinel implements AutoCloseable {
    private static final String BINARY = System.getProperty("redis.sentinel", "redis-sentinel");

    private final Process process;
    private final int port;
    private final Path dir;

    private RealSentinel(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** True if {@code redis-sentinel --version} runs. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts Sentinel bound to 127.0.0.1 with {@code configLines} (such as {@code sentinel monitor mymaster 127.0.0.1
     * 6379 1}) after the port, bind and dir lines of its config file.
     */
    public static RealSentinel start(List<String> configLines) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path dir = Files.createTempDirectory("redjay-real-sentinel");
            StringBuilder conf = new StringBuilder();
            conf.append("port ").append(port).append('\n');
            conf.append("bind 127.0.0.1\n");
            conf.append("daemonize no\n");
            conf.append("dir ").append(dir).append('\n');
            for (String line : configLines) {
                conf.append(line).append('\n');
            }
            Path confFile = dir.resolve("sentinel.conf");
            Files.writeString(confFile, conf);
            Process p = new ProcessBuilder(BINARY, confFile.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sentinel.log").toFile()).start();
            RealSentinel sentinel = new RealSentinel(p, port, dir);
            if (sentinel.awaitReady()) {
                return sentinel;
            }
            last = new IOException("redis-sentinel did not start on port " + port + ": " + sentinel.log());
            sentinel.close();
        }
        throw last;
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (RawClient c = new RawClient(port, 1000)) {
                if (c.call("PING").equals("+PONG\r\n")) {
                    return true;
                }
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    /** Sentinel's log so far (its events: +sdown, +switch-master ...), for failure messages. */
    public String log() {
        try {
            return Files.readString(dir.resolve("sentinel.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A leftover temp directory is harmless.
        }
    }
}
