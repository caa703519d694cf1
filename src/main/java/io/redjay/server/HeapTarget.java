package io.redjay.server;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Keeps the resident size near what the server holds rather than near the maximum heap. ZGC sizes its heap to avoid
 * ever stalling an allocation, so under a steady stream of short-lived request buffers it lets the heap grow towards
 * {@code -Xmx} before collecting, and a server that holds 50 MB can sit at gigabytes of resident memory. ZGC's
 * {@code SoftMaxHeapSize}, a manageable flag, is the size it tries to stay under; the server sets it from its own
 * accounting: the JVM's own baseline heap, twice what {@code used_memory} counts, and room for a burst of request
 * and reply buffers, never above the maximum heap. Collections then run earlier and more often, which ZGC does
 * concurrently, and uncommitted memory returns to the system ({@code ZUncommitDelay}); the burst room keeps them from
 * running back to back under a benchmark's allocation rate. Other collectors ignore the flag; with them this does
 * nothing.
 */
final class HeapTarget {
    private static final long BURST = 256L << 20;
    private static final String FLAG = "SoftMaxHeapSize";

    private final HotSpotDiagnosticMXBean vm;
    private final long maxHeap = Runtime.getRuntime().maxMemory();
    private final long baseline;
    private long current;

    private HeapTarget(HotSpotDiagnosticMXBean vm, long baseline) {
        this.vm = vm;
        this.baseline = baseline;
    }

    /** The steering for this JVM, or null when its collector is not ZGC. */
    static HeapTarget forThisJvm(long baseline) {
        boolean zgc = false;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            zgc |= gc.getName().startsWith("ZGC");
        }
        if (!zgc) {
            return null;
        }
        return new HeapTarget(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class), baseline);
    }

    /** Follows the accounted memory; changes the flag only when the target moves by more than an eighth. */
    void follow(long usedMemory) {
        long target = Math.min(maxHeap, baseline + 2 * usedMemory + BURST);
        if (Math.abs(target - current) <= current / 8) {
            return;
        }
        try {
            vm.setVMOption(FLAG, Long.toString(target));
            current = target;
        } catch (IllegalArgumentException e) {
            current = target;
        }
    }
}
