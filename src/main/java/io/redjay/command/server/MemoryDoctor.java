package io.redjay.command.server;

/**
 * MEMORY DOCTOR's report: the few memory situations an operator can act on, each recognised by the same thresholds
 * Redis's doctor uses (an instance under 5 MB is too small to judge; a past peak over 150% of today; a resident size
 * over 1.4 times the accounted memory, by more than 10 MB; client buffers averaging over 200 KB), with advice that
 * fits a JVM server, plus one check of its own: accounted memory close to the heap's maximum.
 */
final class MemoryDoctor {
    private static final long EMPTY = 5L << 20;
    private static final long FRAG_BYTES = 10L << 20;
    private static final long CLIENT_AVERAGE = 200L << 10;

    private MemoryDoctor() {
    }

    static String report(long used, long peak, long rss, long clientBytes, int clients, long maxHeap) {
        if (used < EMPTY) {
            return "This instance is empty or holds very little data: there is nothing to diagnose yet. Ask again "
                    + "once it holds some data.\n";
        }
        StringBuilder issues = new StringBuilder();
        if ((double) peak / used > 1.5) {
            issues.append(" * Peak memory: the instance once accounted for more than 150% of what it holds now. The"
                    + " collector returns freed heap to the system only gradually, so the resident size may stay"
                    + " high for a while; it is reused as the data grows again.\n\n");
        }
        if ((double) rss / used > 1.4 && rss - used > FRAG_BYTES) {
            issues.append(" * High resident size: the process is resident in more than 1.4 times the memory it"
                    + " accounts for. Part of this is the collector's working room and the JVM itself; if it stays"
                    + " high, give the server a smaller maximum heap (JAVA_OPTS=-Xmx...) or set maxmemory, from"
                    + " which scripts/redjay-server derives the heap.\n\n");
        }
        if (clients > 0 && clientBytes / clients > CLIENT_AVERAGE) {
            issues.append(" * Big client buffers: client buffers average more than 200K per client, usually"
                    + " subscribers that do not keep up or pipelines with very large replies. CLIENT LIST shows which"
                    + " clients hold them (omem, qbuf).\n\n");
        }
        if (used > maxHeap / 10 * 7) {
            issues.append(" * Near the heap limit: the accounted memory is above 70% of the maximum heap; past 75%"
                    + " writes are refused with the OOM error. Raise the heap or set maxmemory with an eviction"
                    + " policy.\n\n");
        }
        if (issues.length() == 0) {
            return "No memory problem detected in this instance.\n";
        }
        return "A few memory issues were detected in this instance:\n\n" + issues;
    }
}
