package io.redjay.client;

import io.redjay.protocol.Resp;

import java.util.ArrayDeque;

/**
 * The requests a suspended client (blocked, paused) sent and has not run yet, in arrival order, with their size.
 *
 * <p>Redis never parses what a blocked client sends: it stays in the query buffer, where
 * {@code client-query-buffer-limit} and the client's memory accounting see it. Redjay parses as it reads, so the
 * parsed requests wait here instead, and their size as RESP ({@link Resp#requestBytes}) is what they would have
 * taken in that buffer. The size is kept as it changes, written by the executor and read by the I/O thread that
 * enforces the limit, hence volatile (one writer, so no atomic update is needed).
 */
public final class RequestQueue {
    private final ArrayDeque<byte[][]> requests = new ArrayDeque<>();
    private volatile long bytes;

    public void add(byte[][] argv) {
        requests.add(argv);
        bytes += Resp.requestBytes(argv);
    }

    public void addFirst(byte[][] argv) {
        requests.addFirst(argv);
        bytes += Resp.requestBytes(argv);
    }

    /** The oldest request, removed; null when there is none. */
    public byte[][] pollFirst() {
        byte[][] argv = requests.pollFirst();
        if (argv != null) {
            bytes -= Resp.requestBytes(argv);
        }
        return argv;
    }

    public boolean isEmpty() {
        return requests.isEmpty();
    }

    public int size() {
        return requests.size();
    }

    /** The queued requests' size in the protocol. */
    public long bytes() {
        return bytes;
    }
}
