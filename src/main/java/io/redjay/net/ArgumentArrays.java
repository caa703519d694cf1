package io.redjay.net;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Allocates the arrays of big request arguments. The JVM zeroes a new array on the thread that allocates it, and for
 * a 100 MB upload that is tens of milliseconds of page faults and memset; done on the event loop, which with
 * {@code io-threads 1} is the executor, it would stall every client. Arrays of {@value #OFF_LOOP} bytes or more are
 * therefore allocated on one background thread, and the channel is told to parse again once the array exists;
 * smaller ones cost less than the hand-off and are allocated in place.
 */
final class ArgumentArrays {
    static final int OFF_LOOP = 1 << 20;

    private static final ExecutorService ALLOCATOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "redjay-arg-alloc");
        t.setDaemon(true);
        return t;
    });

    private ArgumentArrays() {
    }

    /** An array of {@code length} bytes, now or later; {@code ready} runs (on the allocating thread) once it exists. */
    static Supplier<byte[]> allocate(int length, Runnable ready) {
        if (length < OFF_LOOP) {
            byte[] a = new byte[length];
            return () -> a;
        }
        Holder h = new Holder();
        ALLOCATOR.execute(() -> {
            h.array = new byte[length];
            ready.run();
        });
        return h;
    }

    private static final class Holder implements Supplier<byte[]> {
        volatile byte[] array;

        @Override
        public byte[] get() {
            return array;
        }
    }
}
