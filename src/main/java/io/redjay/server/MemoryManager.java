package io.redjay.server;

import io.redjay.client.Client;
import io.redjay.client.ClientMemory;
import io.redjay.command.Flags;
import io.redjay.command.MemoryView;
import io.redjay.config.Config;
import io.redjay.config.ConfigTable;
import io.redjay.evict.EvictionPolicy;
import io.redjay.evict.Evictor;
import io.redjay.keyspace.Keyspace;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * The server's memory: what {@code used_memory} counts, the limit commands are held to, and what happens when the
 * heap itself runs out.
 *
 * <p><b>Counting.</b> {@code used_memory} is the heap the server holds on purpose, maintained as data changes: every
 * key's charge ({@code keyspace.EntryCharge}), the keyspace's hash tables and the clients' buffers; the JVM's own
 * heap before any data is left out. It does not include garbage the collector has not reclaimed yet, so it rises and
 * falls with the data, the way Redis's allocator count does, and it is what {@code maxmemory} is compared with.
 *
 * <p><b>The limit.</b> With {@code maxmemory}, the {@link Evictor} applies the configured policy before each command.
 * Without it, or with one the heap cannot hold, the heap itself is the limit: a collector needs room to work, so at
 * {@value #HEAP_SHARE_PERCENT}% of the heap left after the JVM's own baseline counted, commands that grow memory
 * get the OOM error while reads and deletes go on (a server without {@code maxmemory} in Redis would instead grow
 * into swap or the OOM killer; refusing writes keeps it serving). The same figure decides for a {@code maxmemory}
 * larger than that share.
 *
 * <p><b>When allocation fails anyway.</b> An {@code OutOfMemoryError} inside a command (one huge value, an estimate
 * that was short) is answered with the OOM error and the server goes on: the command's partial reply is discarded
 * and a reserve set aside at start-up is released so that logging and the next commands have room. Until the
 * collector has made room again (checked by the cron against the heap after the last collection), writes are
 * refused. On any other thread the error is fatal: the process logs it and exits, so that a supervisor restarts a
 * server that would otherwise accept connections and answer nothing.
 */
public final class MemoryManager implements MemoryView {
    static final int HEAP_SHARE_PERCENT = 75;
    private static final int RESERVE_BYTES = 8 << 20;
    private static final long WARN_INTERVAL_MS = 5_000;

    private final Keyspace keyspace;
    private final Config config;
    private final Evictor evictor;
    private final long heapLimit;
    private final List<MemoryPoolMXBean> heapPools;
    private final ClientMemory clients;
    private long startupBytes;
    private long peak;
    private byte[] reserve = new byte[RESERVE_BYTES];
    private boolean exhausted;
    private long lastWarning;
    private final HeapTarget heapTarget = HeapTarget.forThisJvm(BaselineHeap.VALUE);
    private long anticipated;

    MemoryManager(Keyspace keyspace, Config config, ClientMemory clients, Runnable scheduleContinuation) {
        this.keyspace = keyspace;
        this.config = config;
        this.clients = clients;
        this.heapLimit = Math.max(0, Runtime.getRuntime().maxMemory() - BaselineHeap.VALUE) / 100 * HEAP_SHARE_PERCENT;
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
        this.evictor = new Evictor(keyspace, this::countedForEviction, scheduleContinuation);
        keyspace.expandPolicy(this::tableMayGrow);
        configure(config);
    }

    /** Registers the apply steps of the parameters that shape the limit and the access bookkeeping. */
    void register(ConfigTable table) {
        table.find("maxmemory").onApply((cfg, done) -> {
            configure(cfg);
            long used = usedMemory();
            if (cfg.maxmemory != 0 && cfg.maxmemory < used) {
                ServerLog.LOG.warn("WARNING: the new maxmemory value set via CONFIG SET ({}) is smaller than the "
                        + "current memory usage ({}). This will result in key eviction and/or the inability to "
                        + "accept new write commands depending on the maxmemory-policy.", cfg.maxmemory, used);
            }
            evictor.perform();
            done.accept(null);
        });
        for (String name : new String[] {"maxmemory-policy", "maxmemory-samples",
                "maxmemory-eviction-tenacity", "lfu-log-factor", "lfu-decay-time"}) {
            table.find(name).onApply((cfg, done) -> {
                configure(cfg);
                done.accept(null);
            });
        }
    }

    private void configure(Config cfg) {
        EvictionPolicy policy = EvictionPolicy.named(cfg.maxmemoryPolicy);
        keyspace.access().configure(policy.lfu(), cfg.lfuLogFactor, cfg.lfuDecayTime);
        long limit = cfg.maxmemory == 0 ? heapLimit : Math.min(cfg.maxmemory, heapLimit);
        evictor.configure(limit, cfg.maxmemory == 0 ? EvictionPolicy.NOEVICTION : policy, cfg.maxmemorySamples,
                cfg.maxmemoryEvictionTenacity);
    }

    /**
     * What the server accounts for once it is ready (its tables, the first clients), reported as
     * {@code used_memory_startup}. The JVM's own heap at that point (classes' static data, the network and logging
     * libraries, the reserve) is not the server's data and is not counted, as Redis does not count its binary; the
     * heap limit leaves room for it instead ({@link #heapLimit}).
     */
    void startupMeasured() {
        startupBytes = overheadBytes();
    }

    /**
     * The heap this JVM held before any data, measured after a full collection once per process (a JVM that hosts
     * several servers, as tests do, measures the first).
     */
    private static final class BaselineHeap {
        static final long VALUE = measure();

        private static long measure() {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            return rt.totalMemory() - rt.freeMemory();
        }
    }

    /** The cron's share: the peak, the collector's heap target, recovery after an allocation failure. */
    /**
     * A load of about {@code bytes} of data is starting (0: it ended). The heap target is raised to what the data
     * will need at once instead of following {@code used_memory} up: otherwise the collector, told the heap should
     * stay small, runs back to back the whole load, on the core the loader and the executor share.
     */
    void anticipate(long bytes) {
        anticipated = bytes;
        if (heapTarget != null) {
            heapTarget.follow(Math.max(usedMemory(), bytes));
        }
    }

    void cron() {
        long used = usedMemory();
        peak = Math.max(peak, used);
        if (heapTarget != null) {
            heapTarget.follow(Math.max(used, anticipated));
        }
        if (exhausted && reserve == null && heapRecovered()) {
            reserve = new byte[RESERVE_BYTES];
            exhausted = false;
            ServerLog.LOG.warn("Memory is available again after an allocation failure: writes are accepted");
        }
    }

    @Override
    public long usedMemory() {
        return overheadBytes() + keyspace.datasetBytes();
    }

    /** {@code used_memory_overhead}: hash tables and every client's buffers and state. */
    @Override
    public long overheadBytes() {
        return keyspace.tableBytes() + clients.normalClients() + clients.replicaClients();
    }

    @Override
    public long startupBytes() {
        return startupBytes;
    }

    @Override
    public long clientBytes() {
        return clients.normalClients();
    }

    @Override
    public long evictedClients() {
        return clients.evictedClients();
    }

    @Override
    public void resetStats() {
        clients.resetStats();
        keyspace.resetStats();
    }

    @Override
    public long replicaClientBytes() {
        return clients.replicaClients();
    }

    @Override
    public long peak() {
        return Math.max(peak, usedMemory());
    }

    /** The limit in force: {@code maxmemory}, or the heap's share when that is smaller or none is set. */
    @Override
    public long effectiveLimit() {
        return evictor.limit();
    }

    /** Redis's {@code overMaxmemoryAfterAlloc} for a table's growth: only {@code maxmemory} itself limits it. */
    private boolean tableMayGrow(long bytes) {
        return config.maxmemory == 0 || countedForEviction() + bytes <= config.maxmemory;
    }

    /** Redis leaves replicas' output buffers out of what eviction must free ({@code mem_not_counted_for_evict}). */
    private long countedForEviction() {
        return usedMemory() - clients.replicaClients();
    }

    public Evictor evictor() {
        return evictor;
    }

    private boolean overLimit;

    /**
     * Evicts what the policy allows, then tells whether a command with {@code flags} must be refused with the OOM
     * error: a command that may grow memory (or any command queued into MULTI, or an EXEC of such commands) while
     * over the limit with nothing left to evict, or while the heap has not recovered from an allocation failure.
     */
    @Override
    public boolean refuses(Client c, long flags) {
        boolean out = evictor.perform() == Evictor.FAIL || exhausted;
        overLimit = out;
        if (!out) {
            return false;
        }
        if (c.transaction().inMulti() && (flags & Flags.NOT_QUEUED) == 0) {
            return true;
        }
        return (flags & Flags.DENYOOM) != 0 || ((flags & Flags.TRANSACTION_EXEC) != 0
                && (c.transaction().queuedFlags() & Flags.DENYOOM) != 0);
    }

    @Override
    public boolean overLimit() {
        return overLimit;
    }

    /** A command ran out of heap: free the reserve, refuse writes until the collector catches up, say so. */
    @Override
    public void exhausted(OutOfMemoryError e, String command) {
        reserve = null;
        exhausted = true;
        long now = System.currentTimeMillis();
        if (now - lastWarning > WARN_INTERVAL_MS) {
            lastWarning = now;
            ServerLog.LOG.warn("Out of memory running '{}' ({}): the command failed with an OOM error; writes are "
                    + "refused until memory is available again", command, e.getMessage());
        }
    }

    private boolean heapRecovered() {
        long live = 0;
        for (MemoryPoolMXBean p : heapPools) {
            live += p.getCollectionUsage().getUsed();
        }
        return live < heapLimit;
    }
}
