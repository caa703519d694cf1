package io.redjay.replication;

import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The payload handed to the loader as it arrives ({@code repl-diskless-load on-empty-db|swapdb}), through a
 * {@link SocketPipe}: nothing is written to disk. With the {@code $EOF:} framing the last 40 bytes received are held
 * back until more arrive, so the loader never sees the mark; when the held bytes are the mark, the payload is whole
 * and the pipe is ended.
 */
final class PayloadToParser implements PayloadReceiver {
    private final SocketPipe pipe;
    private final long length;
    private final byte[] mark;
    private final Runnable pause;
    private byte[] held = new byte[0];
    private long received;

    /**
     * @param pause stops reading the socket while the loader is behind (the pipe's resume starts it again)
     */
    PayloadToParser(SocketPipe pipe, long length, byte[] mark, Runnable pause) {
        this.pipe = pipe;
        this.length = length;
        this.mark = mark;
        this.pause = pause;
    }

    @Override
    public boolean take(ByteBuf in) {
        int n = in.readableBytes();
        if (length >= 0) {
            n = (int) Math.min(n, length - received);
        }
        byte[] bytes = new byte[n];
        in.readBytes(bytes);
        received += n;
        boolean whole;
        byte[] out;
        if (length >= 0) {
            out = bytes;
            whole = received == length;
        } else {
            byte[] all = Arrays.copyOf(held, held.length + n);
            System.arraycopy(bytes, 0, all, held.length, n);
            int keep = Math.min(MARK_LENGTH, all.length);
            out = Arrays.copyOf(all, all.length - keep);
            held = Arrays.copyOfRange(all, all.length - keep, all.length);
            whole = Arrays.equals(held, mark);
        }
        if (pipe.push(out)) {
            pause.run();
        }
        if (whole) {
            pipe.end();
        }
        return whole;
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public void abandon() {
        pipe.abandon();
    }
}
