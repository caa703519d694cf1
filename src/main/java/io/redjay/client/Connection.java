package io.redjay.client;

import io.netty.buffer.ByteBuf;

/**
 * The transport side of a client as the executor sees it. Implemented by the {@code net} package, the only code that
 * touches channels; everything else writes replies into buffers obtained here.
 */
public interface Connection {
    /** A fresh outgoing buffer from the channel's allocator. */
    ByteBuf allocate();

    /** Writes and flushes a buffer of encoded replies (ownership passes to the transport). */
    void write(ByteBuf replies);

    /** Closes the connection once pending writes are flushed. */
    void close();

    /** Closes immediately, dropping pending writes (CLIENT KILL, output buffer limits). */
    void abort();

    String remoteAddress();

    String localAddress();

    /** Stops or resumes reading requests (used while the client is blocked or paused). */
    void autoRead(boolean on);

    /** Bytes accepted by the transport but not yet written to the socket. */
    long pendingOutputBytes();
}
