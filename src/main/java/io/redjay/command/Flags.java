package io.redjay.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Command flags with Redis's names, as COMMAND INFO reports them. The dispatcher acts on several of them: {@code write}
 * (propagation, read-only replicas), {@code denyoom} (maxmemory), {@code no_auth}, {@code loading}, {@code stale},
 * {@code noscript}, {@code no_multi}, {@code allow_busy}.
 */
public final class Flags {
    private Flags() {
    }

    public static final long WRITE = 1L;
    public static final long READONLY = 1L << 1;
    public static final long DENYOOM = 1L << 2;
    public static final long MODULE = 1L << 3;
    public static final long ADMIN = 1L << 4;
    public static final long PUBSUB = 1L << 5;
    public static final long NOSCRIPT = 1L << 6;
    public static final long BLOCKING = 1L << 8;
    public static final long LOADING = 1L << 9;
    public static final long STALE = 1L << 10;
    public static final long SKIP_MONITOR = 1L << 11;
    public static final long SKIP_SLOWLOG = 1L << 12;
    public static final long ASKING = 1L << 13;
    public static final long FAST = 1L << 14;
    public static final long NO_AUTH = 1L << 15;
    public static final long MAY_REPLICATE = 1L << 16;
    public static final long SENTINEL = 1L << 17;
    public static final long ONLY_SENTINEL = 1L << 18;
    public static final long NO_MANDATORY_KEYS = 1L << 19;
    public static final long PROTECTED = 1L << 20;
    public static final long NO_ASYNC_LOADING = 1L << 23;
    public static final long NO_MULTI = 1L << 24;
    public static final long MOVABLE_KEYS = 1L << 25;
    public static final long ALLOW_BUSY = 1L << 26;

    // Internal properties: declared in the table like flags, acted on by the dispatcher, never reported by COMMAND.
    /** May lazily expire any number of keys (SCAN, RANDOMKEY): its expiry DELs are not wrapped in MULTI/EXEC. */
    public static final long TOUCHES_ARBITRARY_KEYS = 1L << 40;
    /** Updates access times even for a CLIENT NO-TOUCH client (TOUCH). */
    public static final long KEEPS_NO_TOUCH = 1L << 41;
    /** Changes the reply mode itself (CLIENT REPLY), so a pending SKIP is not consumed by it. */
    public static final long REPLY_CONTROL = 1L << 42;
    /** EXEC: never propagated itself, and judged by its queued commands for CLIENT PAUSE WRITE. */
    public static final long TRANSACTION_EXEC = 1L << 43;
    /** Allowed while a RESP2 client is subscribed ((P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT, RESET). */
    public static final long SUBSCRIBED_OK = 1L << 44;
    /** Runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
    public static final long NOT_QUEUED = 1L << 45;

    /**
     * Runs a script (EVAL, EVALSHA, FCALL and their _RO forms): judged by the flags the script declares, and never
     * started inside a read callback.
     */
    public static final long RUNS_SCRIPT = 1L << 46;

    private static final long[] INTERNAL_BITS = {TOUCHES_ARBITRARY_KEYS, KEEPS_NO_TOUCH, REPLY_CONTROL,
            TRANSACTION_EXEC, SUBSCRIBED_OK, NOT_QUEUED, RUNS_SCRIPT};
    private static final String[] INTERNAL_NAMES = {"touches_arbitrary_keys", "keeps_no_touch", "reply_control",
            "transaction_exec", "subscribed_ok", "not_queued", "runs_script"};

    private static final long[] BITS = {WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING,
            STALE, SKIP_MONITOR, SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL,
            NO_MANDATORY_KEYS, PROTECTED, NO_ASYNC_LOADING, NO_MULTI, MOVABLE_KEYS, ALLOW_BUSY};
    private static final String[] NAMES = {"write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript",
            "blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking", "fast", "no_auth",
            "may_replicate", "sentinel", "only_sentinel", "no_mandatory_keys", "protected", "no_async_loading",
            "no_multi", "movablekeys", "allow_busy"};

    /** Parses a space-separated list of flag names, as used in command declarations. */
    public static long parse(String names) {
        long v = 0;
        for (String n : names.trim().split("\\s+")) {
            if (n.isEmpty()) {
                continue;
            }
            int i = indexOf(n);
            if (i >= 0) {
                v |= BITS[i];
                continue;
            }
            int j = java.util.List.of(INTERNAL_NAMES).indexOf(n);
            if (j < 0) {
                throw new IllegalArgumentException("unknown command flag " + n);
            }
            v |= INTERNAL_BITS[j];
        }
        return v;
    }

    private static int indexOf(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public static List<String> names(long flags) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < BITS.length; i++) {
            if ((flags & BITS[i]) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    public static boolean isFlag(String name) {
        return indexOf(name) >= 0;
    }
}
