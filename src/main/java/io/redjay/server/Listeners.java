package io.redjay.server;

import java.util.function.Consumer;

/**
 * The listening sockets, as the configuration sees them: CONFIG SET port moves the server to another port at run time.
 * Implemented by the {@code net} package; the answer comes back on the executor thread.
 */
public interface Listeners {
    /**
     * Listens on {@code port} on every configured bind address, then closes the old sockets; on failure keeps the
     * old ones. Calls {@code done} with null on success, or with Redis's reason.
     */
    void rebind(int port, Consumer<String> done);
}
