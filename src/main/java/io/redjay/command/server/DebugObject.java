package io.redjay.command.server;

import io.redjay.config.Config;
import io.redjay.keyspace.AccessClock;
import io.redjay.keyspace.KeyEntry;
import io.redjay.types.Numbers;
import io.redjay.types.ValueTypes;

import java.util.Locale;

/**
 * The status line of DEBUG OBJECT, in Redis's layout: a pseudo address, the reference count, the encoding, the
 * length the value would take in an RDB file, and the LRU clock (seconds, 24 bits) with the idle time derived from it.
 *
 * <p>There are no shared objects in Redjay, but Redis shares the integers 0..9999 (unless an LRU/LFU maxmemory
 * policy needs per-key access times), and tests read the reference count to tell, so it is reported as Redis would.
 * The serialized length follows the RDB string encodings: small integers in 2, 3 or 5 bytes, everything else as a
 * length prefix plus the bytes. RDB's LZF compression of strings over 20 bytes is not modelled, so for compressible
 * long strings the figure is the uncompressed one.
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
                encoding, serializedLength(value), lru, idle);
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

    /** RDB bytes of a string value: integer encodings when they apply, else length prefix and raw bytes. */
    static long serializedLength(Object value) {
        if (!(value instanceof byte[] s)) {
            return 0;
        }
        if (s.length <= 11 && Numbers.isValidLong(s)) {
            long v = Numbers.parseLong(s);
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                return 2;
            }
            if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                return 3;
            }
            if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                return 5;
            }
        }
        return lengthPrefix(s.length) + s.length;
    }

    private static int lengthPrefix(long len) {
        if (len < 1 << 6) {
            return 1;
        }
        if (len < 1 << 14) {
            return 2;
        }
        return len <= 0xffffffffL ? 5 : 9;
    }
}
