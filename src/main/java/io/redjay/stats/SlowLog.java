package io.redjay.stats;

import io.redjay.client.Client;
import io.redjay.config.Config;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The slow log: commands whose execution took at least {@code slowlog-log-slower-than} microseconds, newest first,
 * at most {@code slowlog-max-len} entries. Arguments are trimmed as Redis trims them (32 arguments, 128 bytes each)
 * so a slow MSET of huge values cannot make the log itself large.
 */
public final class SlowLog {
    private static final int MAX_ARGC = 32;
    private static final int MAX_STRING = 128;

    /** One logged command. */
    public record Entry(long id, long unixSeconds, long micros, byte[][] argv, String peer, String clientName) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextId;

    public void record(Client c, byte[][] argv, long micros, Config config) {
        if (config.slowlogLogSlowerThan < 0 || micros < config.slowlogLogSlowerThan) {
            return;
        }
        int argc = Math.min(argv.length, MAX_ARGC);
        byte[][] kept = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            if (argc != argv.length && i == argc - 1) {
                kept[i] = ("... (" + (argv.length - argc + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[i].length > MAX_STRING) {
                byte[] head = java.util.Arrays.copyOf(argv[i], MAX_STRING);
                byte[] tail = ("... (" + (argv[i].length - MAX_STRING) + " more bytes)")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] both = java.util.Arrays.copyOf(head, head.length + tail.length);
                System.arraycopy(tail, 0, both, head.length, tail.length);
                kept[i] = both;
            } else {
                kept[i] = argv[i];
            }
        }
        entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros, kept,
                c.connection().remoteAddress(), c.name() == null ? "" : c.name()));
        trim(config.slowlogMaxLen);
    }

    public void trim(int maxLen) {
        while (entries.size() > Math.max(0, maxLen)) {
            entries.removeLast();
        }
    }

    public Iterable<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public void reset() {
        entries.clear();
    }
}
