package io.redjay.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis's replication stream, read the way a replica receives it: a raw connection sends {@code SYNC}, skips
 * the RDB payload and then parses every command the master propagates, leaving out its PINGs. {@link #take} knows
 * the stream is complete without sleeping: it publishes {@link StreamTap#MARKER} from a control connection, which
 * Redis propagates to replicas behind everything propagated before.
 */
public final class RedisReplicaTap implements StreamTap {
    private final Socket socket;
    private final InputStream in;
    private final RawClient control;
    private final List<String> lines = new ArrayList<>();
    private int markers;
    private final Thread reader;
    private volatile IOException failure;

    private RedisReplicaTap(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        socket.getOutputStream().write("SYNC\r\n".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        skipPayload();
        control = new RawClient(port);
        reader = new Thread(this::readLoop, "redis-replica-tap");
        reader.setDaemon(true);
        reader.start();
    }

    public static RedisReplicaTap attach(RealRedis redis) throws IOException {
        return new RedisReplicaTap(redis.port());
    }

    private void skipPayload() throws IOException {
        socket.setSoTimeout(20_000);
        int b;
        do {
            b = in.read();
        } while (b == '\n');
        if (b != '$') {
            throw new IOException("unexpected SYNC reply byte " + b);
        }
        String len = readLine();
        if (len.startsWith("EOF:")) {
            throw new IOException("diskless payload not expected from SYNC");
        }
        long n = Long.parseLong(len);
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("stream closed in payload");
                }
                skipped = 1;
            }
            n -= skipped;
        }
        socket.setSoTimeout(0);
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("stream closed");
            }
            sb.append((char) b);
        }
        in.read();
        return sb.toString();
    }

    private void readLoop() {
        try {
            while (true) {
                List<String> args = readCommand();
                synchronized (this) {
                    if (StreamTap.isMarker(args)) {
                        markers++;
                        lines.add(null);
                        notifyAll();
                    } else if (!(args.size() == 1 && args.get(0).equalsIgnoreCase("PING"))) {
                        lines.add(StreamTap.line(args));
                    }
                }
            }
        } catch (IOException e) {
            failure = e;
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private List<String> readCommand() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new IOException("stream closed");
        }
        if (b != '*') {
            throw new IOException("unexpected stream byte " + b);
        }
        int n = Integer.parseInt(readLine());
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (in.read() != '$') {
                throw new IOException("bulk expected");
            }
            int len = Integer.parseInt(readLine());
            byte[] buf = in.readNBytes(len);
            in.readNBytes(2);
            args.add(new String(buf, StandardCharsets.ISO_8859_1));
        }
        return args;
    }

    @Override
    public List<String> take() throws Exception {
        int want;
        synchronized (this) {
            want = markers + 1;
        }
        control.call(StreamTap.MARKER);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (this) {
            while (markers < want && failure == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no marker from redis within 10 s");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (failure != null) {
                throw failure;
            }
            List<String> out = new ArrayList<>();
            int seen = 0;
            int i = 0;
            while (i < lines.size() && seen < 1) {
                String l = lines.get(i++);
                if (l == null) {
                    seen++;
                } else {
                    out.add(l);
                }
            }
            lines.subList(0, i).clear();
            return out;
        }
    }

    @Override
    public void close() {
        try {
            control.close();
            socket.close();
        } catch (IOException e) {
            // Closing a dead connection.
        }
    }
}
