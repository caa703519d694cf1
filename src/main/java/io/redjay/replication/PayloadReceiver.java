package io.redjay.replication;

import io.netty.buffer.ByteBuf;

import java.io.IOException;

/**
 * Where a replica puts the RDB payload of a full sync while it arrives: a temporary file that is loaded once whole
 * ({@link PayloadToDisk}, {@code repl-diskless-load disabled}), or the loader itself, fed as the bytes arrive
 * ({@link PayloadToParser}). The payload comes in either of Redis's two framings: {@code $<length>}, or
 * {@code $EOF:<mark>} with the same 40-byte mark after its last byte; a receiver takes bytes up to the end of the
 * payload and leaves what follows (the start of the command stream) unread.
 */
interface PayloadReceiver {
    int MARK_LENGTH = 40;

    /** Takes what it can of {@code in}; true once the whole payload has arrived. */
    boolean take(ByteBuf in) throws IOException;

    /** Bytes of payload received so far (INFO's {@code master_sync_read_bytes}). */
    long received();

    /** The sync was given up: undo what can be undone. */
    void abandon();
}
