package io.redjay.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} started as a child process on a free loopback port, without persistence, for
 * differential tests that compare Redjay's replies with the reference implementation's. Tests call
 * {@link #available()} first and skip (JUnit assumptions) on machines where Redis is not installed.
 */
public final class RealRedis implements AutoCloseable {
    private static final String BINARY = System.getProperty("redis.server", "redis-server");

    private final Process process;
    private final int port;
    private final Path dir;

    private RealRedis(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** True if {@code redis-server --version} runs. */
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

    /** Starts Redis with {@code --save '' --appendonly no} plus the given redis-server style arguments. */
    public static RealRedis start(String... extraArgs) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            Path dir = Files.createTempDirectory("redjay-real-redis");
            List<String> cmd = new ArrayList<>(List.of(BINARY, "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString(),
                    "--enable-debug-command", "yes"));
            cmd.addAll(List.of(extraArgs));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
            RealRedis redis = new RealRedis(p, port, dir);
            if (redis.awaitReady()) {
                return redis;
            }
            last = new IOException("redis-server did not start on port " + port + ": " + redis.log());
            redis.close();
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

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log"));
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

    /** A real Redis that loads {@code rdb} at start-up (from where it is: its directory and file name). */
    public static RealRedis startWithRdb(Path rdb) throws IOException, InterruptedException {
        Path abs = rdb.toAbsolutePath();
        return start("--dir", abs.getParent().toString(), "--dbfilename", abs.getFileName().toString());
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
