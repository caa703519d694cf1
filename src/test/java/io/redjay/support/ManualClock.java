package io.redjay.support;

import io.redjay.keyspace.Clock;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so, for expiry tests without sleeping. */
public final class ManualClock implements Clock {
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    @Override
    public long millis() {
        return now.get();
    }

    public void advance(long millis) {
        now.addAndGet(millis);
    }

    public void set(long millis) {
        now.set(millis);
    }
}
