package io.redjay.net;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Names the server's threads so that thread dumps and profilers say which loop is which. */
final class NamedThreads implements ThreadFactory {
    private final String prefix;
    private final long stackBytes;
    private final AtomicInteger n = new AtomicInteger();

    NamedThreads(String prefix) {
        this(prefix, 0);
    }

    /** Threads with a stack of {@code stackBytes} (0: the JVM's default). */
    NamedThreads(String prefix, long stackBytes) {
        this.prefix = prefix;
        this.stackBytes = stackBytes;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(null, r, prefix + "-" + n.incrementAndGet(), stackBytes);
        t.setDaemon(false);
        return t;
    }
}
