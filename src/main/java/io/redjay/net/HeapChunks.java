package io.redjay.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * A large heap buffer (a stored value wrapped for a reply) written in slices as the socket drains.
 *
 * <p>Netty's native and NIO transports can only write direct memory, so a heap buffer handed to the channel whole is
 * first copied into a direct buffer of its full size: a 100 MB value read twenty times would become 2 GB of direct
 * memory before a byte is sent. Given to {@code ChunkedWriteHandler} instead, the value is taken one slice at a time,
 * and only while the channel is writable, so what is copied at any moment is a few slices, however large the value and
 * however slow the reader.
 */
final class HeapChunks implements ChunkedInput<ByteBuf> {
    /** Slice size: large enough to keep a fast socket busy, small enough to copy in microseconds. */
    static final int CHUNK = 256 * 1024;

    private final ByteBuf buf;
    private final long length;
    private boolean closed;

    HeapChunks(ByteBuf buf) {
        this.buf = buf;
        this.length = buf.readableBytes();
    }

    @Override
    public boolean isEndOfInput() {
        return !buf.isReadable();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buf.release();
        }
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) {
        if (!buf.isReadable()) {
            return null;
        }
        return buf.readRetainedSlice(Math.min(CHUNK, buf.readableBytes()));
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return length - buf.readableBytes();
    }
}
