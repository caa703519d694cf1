package io.redjay.client;

import io.redjay.config.Config;
import io.redjay.keyspace.Keyspace;

/**
 * What a client needs from the server that owns it: the configuration (authentication, output buffer limits), the
 * keyspace (its first database, the command time), the flush scheduling of replies produced outside a read batch,
 * two counters and the clients' memory totals. The server implements it; the client package stays below everything that
 * handles commands.
 */
public interface ClientHost {
    Config config();

    Keyspace keyspace();

    /** Flushes {@code c}'s replies once the executor's current task ends. */
    void scheduleFlush(Client c);

    /**
     * Whether replies must wait for the end of the executor's turn: the AOF has bytes to write first, and a client
     * must never hear that a write succeeded before it is in the file.
     */
    boolean repliesWaitForDisk();

    /** Counts bytes handed to a connection (INFO's {@code total_net_output_bytes}). */
    void outputWritten(long bytes);

    /** Counts a client closed by its output buffer limit. */
    void outputLimitDisconnection();

    /** The memory all clients hold, and client eviction. */
    ClientMemory clientMemory();
}
