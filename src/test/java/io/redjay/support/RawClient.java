package io.redjay.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A raw socket client for protocol tests: sends bytes exactly as given and reads one whole RESP reply back as the
 * bytes on the wire, so tests can compare replies byte for byte (with Redis's, in differential tests).
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        this(port, 10_000);
    }

    /** A client whose reads give up after {@code timeoutMillis} (an IOException), for tests that expect silence. */
    public RawClient(int port, int timeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Connects once a server being started in process {@code p} accepts connections and has loaded its dataset: PING
     * no longer answers {@code -LOADING} (bounded: 30 s).
     */
    public static RawClient whenUp(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        RawClient c = whenListening(port, p);
        while (c.call("PING").startsWith("-LOADING")) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                c.close();
                throw new IOException("the server is still loading");
            }
            Thread.sleep(20);
        }
        return c;
    }

    /** Connects once a server being started in process {@code p} accepts connections (bounded: 30 s). */
    public static RawClient whenListening(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return new RawClient(port, 30_000);
            } catch (java.net.ConnectException e) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    public void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Sends a command as a RESP multibulk request. */
    public void command(String... args) throws IOException {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        command(b);
    }

    public void command(byte[]... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            buf.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(a);
            buf.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        send(buf.toByteArray());
    }

    /** Sends a command and returns its raw reply as a (Latin-1) string. */
    public String call(String... args) throws IOException {
        command(args);
        return readReply();
    }

    /** Reads one complete reply (any RESP2/RESP3 type, nested) and returns its bytes as a Latin-1 string. */
    public String readReply() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        readValue(buf);
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private void readValue(ByteArrayOutputStream buf) throws IOException {
        String line = readLine(buf);
        char type = line.charAt(0);
        switch (type) {
            case '$', '=', '!' -> {
                long n = Long.parseLong(line.substring(1));
                if (n >= 0) {
                    byte[] data = in.readNBytes((int) n + 2);
                    buf.writeBytes(data);
                }
            }
            case '*', '~', '>' -> {
                long n = Long.parseLong(line.substring(1));
                for (long i = 0; i < n; i++) {
                    readValue(buf);
                }
            }
            case '%', '|' -> {
                long n = Long.parseLong(line.substring(1));
                for (long i = 0; i < 2 * n; i++) {
                    readValue(buf);
                }
            }
            default -> {
            }
        }
    }

    private String readLine(ByteArrayOutputStream buf) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            buf.write(b);
            if (b == '\r') {
                int n = in.read();
                buf.write(n);
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    /** True if the server closed the connection (reads EOF within the socket timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
