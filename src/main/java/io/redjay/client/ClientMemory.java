package io.redjay.client;

import io.redjay.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The memory all clients hold, by class, and client eviction ({@code maxmemory-clients}).
 *
 * <p>Each client reports its own estimate ({@link Client#memoryUsage()}: query buffer, queued requests, arguments,
 * output, transaction queue, a fixed part) whenever it may have changed: after each read, each flush and each
 * command batch, as Redis updates a client's usage after reading, writing and running commands. Only the difference
 * from the previous report is added here, so the totals are three additions away at any time, and
 * {@code INFO memory} can show them without walking the client list. The split is Redis's: replicas count apart
 * ({@code mem_clients_slaves}), normal and pub/sub clients together ({@code mem_clients_normal}).
 *
 * <p>Eviction follows Redis's {@code evictClients}: while normal and pub/sub clients together hold at least the limit
 * ({@code maxmemory-clients} bytes, or that percentage of {@code maxmemory}, never less than 128 KB), the biggest
 * client that may be evicted (not {@code CLIENT NO-EVICT on}, not a replica) is closed and logged at notice level as
 * Redis logs it. Redis finds the biggest through power-of-two buckets; eviction is rare enough here to sort the
 * candidates when it happens.
 */
public final class ClientMemory {
    private static final Logger LOG = LoggerFactory.getLogger("redjay");
    private static final long MIN_LIMIT = 128 * 1024;

    static final int NONE = -1;
    static final int NORMAL = 0;
    static final int PUBSUB = 1;
    static final int REPLICA = 2;

    private final long[] byClass = new long[3];
    private final Set<Client> tracked = new LinkedHashSet<>();
    private final Function<Client, String> describer;
    private long evicted;

    /** {@code describer} renders a client as CLIENT LIST does, for the eviction log line. */
    public ClientMemory(Function<Client, String> describer) {
        this.describer = describer;
    }

    /** {@code c} as a CLIENT LIST line, for log lines about it. */
    public String describe(Client c) {
        return describer.apply(c);
    }

    /** Bytes held by normal and pub/sub clients: Redis's {@code mem_clients_normal}. */
    public long normalClients() {
        return byClass[NORMAL] + byClass[PUBSUB];
    }

    /** Bytes held by replica clients: Redis's {@code mem_clients_slaves}. */
    public long replicaClients() {
        return byClass[REPLICA];
    }

    /** Clients closed by client eviction: INFO's {@code evicted_clients}. */
    public long evictedClients() {
        return evicted;
    }

    /** CONFIG RESETSTAT. */
    public void resetStats() {
        evicted = 0;
    }

    void report(Client c, int oldClass, long oldBytes, int newClass, long newBytes) {
        if (oldClass != NONE) {
            byClass[oldClass] -= oldBytes;
        } else if (newClass != NONE) {
            tracked.add(c);
        }
        if (newClass != NONE) {
            byClass[newClass] += newBytes;
        } else {
            tracked.remove(c);
        }
    }

    /** The client cron's share: each client's query buffer is resized as Redis's client cron resizes it. */
    public void cron(long nowMs) {
        for (Client c : tracked) {
            c.resizeQueryBuffer(nowMs);
        }
    }

    /** The eviction threshold in force, 0 when client eviction is off. */
    public static long limit(Config cfg) {
        long limit;
        if (cfg.maxmemoryClients < 0 && cfg.maxmemory > 0) {
            limit = (long) ((double) cfg.maxmemory * -(double) cfg.maxmemoryClients / 100);
        } else if (cfg.maxmemoryClients > 0) {
            limit = cfg.maxmemoryClients;
        } else {
            return 0;
        }
        return Math.max(limit, MIN_LIMIT);
    }

    /** Closes the biggest evictable clients until normal and pub/sub clients are under the limit. */
    public void evict(Config cfg) {
        long limit = limit(cfg);
        if (limit == 0 || normalClients() < limit) {
            return;
        }
        List<Client> candidates = new ArrayList<>();
        for (Client c : tracked) {
            if (!c.noEvict() && c.memoryClass() != REPLICA && !c.closed()) {
                candidates.add(c);
            }
        }
        candidates.sort(Comparator.comparingLong(Client::reportedMemory).reversed());
        for (Client c : candidates) {
            if (normalClients() < limit) {
                return;
            }
            LOG.info("Evicting client: {}", describer.apply(c));
            c.kill();
            evicted++;
        }
        if (normalClients() >= limit) {
            LOG.warn("Over client maxmemory after evicting all evictable clients");
        }
    }
}
