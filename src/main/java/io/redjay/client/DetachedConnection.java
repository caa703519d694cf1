package io.redjay.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The transport of a client without a socket: the one that replays a command stream (AOF loading, the link to a
 * master, tests). Replies are produced as for any client, so every command runs unchanged, and then dropped.
 */
public final class DetachedConnection implements Connection {
    private final String name;

    public DetachedConnection(String name) {
        this.name = name;
    }

    @Override
    public ByteBuf allocate() {
        return Unpooled.buffer(256);
    }

    @Override
    public void write(ByteBuf replies) {
        replies.release();
    }

    @Override
    public void close() {
    }

    @Override
    public void abort() {
    }

    @Override
    public String remoteAddress() {
        return name;
    }

    @Override
    public String localAddress() {
        return name;
    }

    @Override
    public void autoRead(boolean on) {
    }

    @Override
    public long pendingOutputBytes() {
        return 0;
    }

    @Override
    public boolean network() {
        return false;
    }
}
