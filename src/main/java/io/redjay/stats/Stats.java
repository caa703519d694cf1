package io.redjay.stats;

import java.util.Map;
import java.util.TreeMap;

/**
 * Server-wide counters reported by INFO stats/errorstats and reset by CONFIG RESETSTAT. Executor-thread only, except
 * the connection counters the I/O side bumps through the executor.
 */
public final class Stats {
    public long totalConnectionsReceived;
    public long totalCommandsProcessed;
    public long rejectedConnections;
    public long netInputBytes;
    public long netOutputBytes;
    public long keyspaceHits;
    public long keyspaceMisses;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    public long expiredTimeCapReachedCount;
    public long clientOutputBufferLimitDisconnections;
    public long totalReadsProcessed;
    public long totalWritesProcessed;
    public final Map<String, Long> errors = new TreeMap<>();

    private final long[] opsSamples = new long[16];
    private final long[] opsTimes = new long[16];
    private int opsIndex;
    private long lastOpsCount;
    private long lastOpsTime;

    public void error(String prefix) {
        totalErrorReplies++;
        if (errors.size() < 128 || errors.containsKey(prefix)) {
            errors.merge(prefix, 1L, Long::sum);
        }
    }

    /** Samples the commands counter (server cron) for {@code instantaneous_ops_per_sec}. */
    public void sampleOps(long nowMillis) {
        if (lastOpsTime != 0) {
            long dt = nowMillis - lastOpsTime;
            if (dt > 0) {
                opsSamples[opsIndex] = (totalCommandsProcessed - lastOpsCount) * 1000 / dt;
                opsTimes[opsIndex] = nowMillis;
                opsIndex = (opsIndex + 1) % opsSamples.length;
            }
        }
        lastOpsTime = nowMillis;
        lastOpsCount = totalCommandsProcessed;
    }

    public long instantaneousOps() {
        long sum = 0;
        for (long s : opsSamples) {
            sum += s;
        }
        return sum / opsSamples.length;
    }

    public void reset() {
        totalConnectionsReceived = 0;
        totalCommandsProcessed = 0;
        rejectedConnections = 0;
        netInputBytes = 0;
        netOutputBytes = 0;
        keyspaceHits = 0;
        keyspaceMisses = 0;
        totalErrorReplies = 0;
        unexpectedErrorReplies = 0;
        expiredTimeCapReachedCount = 0;
        clientOutputBufferLimitDisconnections = 0;
        totalReadsProcessed = 0;
        totalWritesProcessed = 0;
        errors.clear();
        java.util.Arrays.fill(opsSamples, 0);
    }
}
