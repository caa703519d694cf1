package io.redjay.command.server;

import io.redjay.config.Config;
import io.redjay.keyspace.AccessClock;
import io.redjay.keyspace.KeyEntry;
import io.redjay.persistence.rdb.RdbEncoder;
import io.redjay.persistence.rdb.RdbOutput;
import io.redjay.types.Numbers;
import io.redjay.types.ValueTypes;

import java.util.Locale;

/**
 * The status line of DEBUG OBJECT, in Redis's layout: a pseudo address, the reference count, the encoding, the
 * length the value would take in an RDB file, and the LRU clock (seconds, 24 bits) with the idle time derived from it.
 *
 * <p>There are no shared objects in Redjay, but Redis shares the integers 0..9999 (unless an LRU/LFU maxmemory
 * policy needs per-key access times), and tests read the reference count to tell, so it is reported as Redis would.
 * The serialized length is what the RDB encoder writes for the value, compression included, as Redis measures it.
 */
final class DebugObject {
    private static final int SHARED_INTEGERS = 10000;
    private static final int SHARED_REFCOUNT = Integer.MAX_VALUE;

    private DebugObject() {
    }

    static String describe(KeyEntry e, Config config, long nowMillis) {
        Object value = e.value();
        String encoding = ValueTypes.encoding(e);
        long lru = e.access();
        long idle = AccessClock.idleMillis(e.access(), nowMillis) / 1000;
        return String.format(Locale.ROOT,
                "Value at:0x%012x refcount:%d encoding:%s serializedlength:%d lru:%d lru_seconds_idle:%d",
                0x7f0000000000L | (System.identityHashCode(value) & 0xffffffffL), refcount(value, encoding, config),
                encoding, serializedLength(value, config.rdbcompression), lru, idle);
    }

    private static int refcount(Object value, String encoding, Config config) {
        if (!"int".equals(encoding)) {
            return 1;
        }
        long v = Numbers.parseLong((byte[]) value);
        boolean policyNeedsOwnObjects = config.maxmemory != 0
                && (config.maxmemoryPolicy.contains("lru") || config.maxmemoryPolicy.contains("lfu"));
        return v >= 0 && v < SHARED_INTEGERS && !policyNeedsOwnObjects ? SHARED_REFCOUNT : 1;
    }

    /** The bytes the value takes in an RDB file, as Redis's {@code rdbSavedObjectLen}: the real encoder's output. */
    static long serializedLength(Object value, boolean compression) {
        RdbOutput out = new RdbOutput(64);
        new RdbEncoder(compression).value(out, value);
        return out.size();
    }

}
