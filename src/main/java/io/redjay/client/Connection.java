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

    /** Writes a buffer without flushing; a later {@link #write} sends it, in order. */
    default void queue(ByteBuf replies) {
        write(replies);
    }

    /**
     * Sends the first {@code length} bytes of {@code file} after everything written before, without reading it into
     * memory (a replica's full-sync payload); later writes follow it.
     */
    default void sendFile(java.nio.file.Path file, long length) throws java.io.IOException {
        throw new java.io.IOException("this connection cannot send files");
    }

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

    /** Bytes received and not yet handed over as parsed requests (Redis's query buffer, less queued requests). */
    default long pendingInputBytes() {
        return 0;
    }

    /** Like {@link #pendingInputBytes}, counting a big argument's array at its full length once it is allocated. */
    default long allocatedInputBytes() {
        return pendingInputBytes();
    }

    /** Argument bytes of a request that is still arriving. */
    default long partialArgvBytes() {
        return 0;
    }

    /** Whether the connection is still open (callable from any thread). */
    default boolean open() {
        return true;
    }

    /** False for the connections of replayed streams (AOF, master link), which are not clients of anyone. */
    default boolean network() {
        return true;
    }
}
