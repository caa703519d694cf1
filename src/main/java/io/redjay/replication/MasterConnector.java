package io.redjay.replication;

import io.netty.buffer.ByteBuf;

/**
 * How a replica reaches its master: implemented by the {@code net} package (the only code that opens channels), with
 * every event delivered on the executor thread, so the replica's state needs no locks.
 */
public interface MasterConnector {
    /** The events of one connection to the master. */
    interface Events {
        void connected(Link link);

        /** Bytes from the master; valid only during the call. */
        void received(ByteBuf bytes);

        void closed(String reason);
    }

    /** An open connection to the master. */
    interface Link {
        void send(byte[] bytes);

        /** Stops or resumes reading the master's socket (callable from any thread). */
        void autoRead(boolean on);

        void close();
    }

    /** Connects to {@code host:port}; the outcome arrives through {@code events}. */
    void connect(String host, int port, Events events);
}
