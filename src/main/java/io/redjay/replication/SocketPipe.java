package io.redjay.replication;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * The RDB of a full sync on its way from the master's socket to the loader thread, for a diskless load
 * ({@code repl-diskless-load on-empty-db|swapdb}): Redis reads such a payload from the socket in blocking mode while
 * it parses; here the executor, which owns the socket, pushes what arrives ({@link #push}) and the loader thread
 * reads it as a stream.
 *
 * <p>It is bounded in the way that matters: past {@value #HIGH_WATER} bytes waiting, {@link #push} says so and the
 * replica stops reading the socket; once the loader has taken the backlog down to half, {@code resume} runs (on the
 * loader thread) and reading starts again. So a slow parse slows the master's send, never fills the replica's heap.
 */
final class SocketPipe extends InputStream {
    static final long HIGH_WATER = 8L << 20;

    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final Runnable resume;
    private byte[] current;
    private int pos;
    private long waiting;
    private boolean ended;
    private boolean abandoned;
    private boolean stopped;

    /** @param resume called, from the reading thread, when a paused socket may be read again */
    SocketPipe(Runnable resume) {
        this.resume = resume;
    }

    /** Bytes from the socket; true when the reader is this far behind that the socket should stop being read. */
    synchronized boolean push(byte[] bytes) {
        if (bytes.length > 0) {
            chunks.add(bytes);
            waiting += bytes.length;
            notifyAll();
        }
        stopped = waiting > HIGH_WATER;
        return stopped;
    }

    /** The payload is complete: the reader sees the end of the stream after the bytes pushed so far. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The sync was given up (the link dropped): the reader fails at once. */
    synchronized void abandon() {
        abandoned = true;
        chunks.clear();
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean wake;
        int n;
        synchronized (this) {
            while (current == null || pos == current.length) {
                if (abandoned) {
                    throw new IOException("the connection with the master was lost");
                }
                current = chunks.poll();
                pos = 0;
                if (current == null) {
                    if (ended) {
                        return -1;
                    }
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted");
                    }
                }
            }
            n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            waiting -= n;
            wake = stopped && waiting <= HIGH_WATER / 2;
            if (wake) {
                stopped = false;
            }
        }
        if (wake) {
            resume.run();
        }
        return n;
    }
}
