package io.redjay.memory;

import io.redjay.types.HashValue;
import io.redjay.keyspace.HeapLayout;
import io.redjay.keyspace.HeapSized;
import io.redjay.types.ListValue;
import io.redjay.types.SetLimits;
import io.redjay.types.SetValue;
import io.redjay.types.TypedValue;
import io.redjay.types.ZSetValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The figures against the heap the JVM itself reports: for each type and encoding, build values until their summed
 * {@link HeapSized#of} reaches {@value #TARGET_BYTES} bytes, collect fully before and after, and require the growth
 * of the live heap to be within 10% of the sum (plus the arrays that keep the values reachable). A collection can be
 * disturbed by whatever else the JVM does, so a case that misses is built and measured again, at most
 * {@value #ATTEMPTS} times.
 */
class MeasuredHeapTest {
    private static final long TARGET_BYTES = 50L << 20;
    private static final int CHUNK = 4096;
    private static final int ATTEMPTS = 3;
    private static final double TOLERANCE = 0.10;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final SetLimits SET_LIMITS = SetLimits.DEFAULTS;

    private static byte[] text(Random rnd, String prefix, int extra) {
        return (prefix + rnd.nextInt(1_000_000) + "q".repeat(extra)).getBytes(StandardCharsets.US_ASCII);
    }

    private static ListValue list(Random rnd, int n, long fill) {
        ListValue l = new ListValue();
        for (int i = 0; i < n; i++) {
            l.pushTail(text(rnd, "e", rnd.nextInt(8)), fill);
        }
        return l;
    }

    private static SetValue set(Random rnd, int n, boolean integers) {
        SetValue s = null;
        while (s == null || s.size() < n) {
            byte[] m = integers ? Long.toString(rnd.nextInt(1 << 20)).getBytes(StandardCharsets.US_ASCII)
                    : text(rnd, "member:", rnd.nextInt(10));
            if (s == null) {
                s = SetValue.create(m, n, SET_LIMITS);
            }
            s.add(m, SET_LIMITS);
        }
        return s;
    }

    private static HashValue hash(Random rnd, int n) {
        HashValue h = new HashValue();
        for (int i = 0; i < n; i++) {
            h.set(text(rnd, "field:", 0), text(rnd, "value-", rnd.nextInt(12)), 128, 64);
        }
        return h;
    }

    private static ZSetValue zset(Random rnd, int n) {
        ZSetValue z = new ZSetValue(true);
        while (z.size() < n) {
            byte[] m = text(rnd, "player:", 0);
            if (!z.contains(m)) {
                z.insert(m, rnd.nextInt(10_000), 128, 64);
            }
        }
        return z;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("string", "raw", (Function<Random, Object>) rnd -> text(rnd, "s", rnd.nextInt(80))),
                Arguments.of("list", "listpack", (Function<Random, Object>) rnd -> list(rnd, 20, -2)),
                Arguments.of("list", "quicklist", (Function<Random, Object>) rnd -> list(rnd, 400, 16)),
                Arguments.of("set", "intset", (Function<Random, Object>) rnd -> set(rnd, 60, true)),
                Arguments.of("set", "listpack", (Function<Random, Object>) rnd -> set(rnd, 40, false)),
                Arguments.of("set", "hashtable", (Function<Random, Object>) rnd -> set(rnd, 300, false)),
                Arguments.of("hash", "listpack", (Function<Random, Object>) rnd -> hash(rnd, 20)),
                Arguments.of("hash", "hashtable", (Function<Random, Object>) rnd -> hash(rnd, 300)),
                Arguments.of("zset", "listpack", (Function<Random, Object>) rnd -> zset(rnd, 30)),
                Arguments.of("zset", "skiplist", (Function<Random, Object>) rnd -> zset(rnd, 300)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void liveHeapGrowsByTheSumOfTheFigures(String type, String encoding, Function<Random, Object> build) {
        Random rnd = new Random(type.hashCode() * 31L + encoding.hashCode());
        Object sample = build.apply(rnd);
        if (sample instanceof TypedValue t) {
            assertEquals(type + " " + encoding, t.typeName() + " " + t.encoding());
        }
        double ratio = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            long before = liveHeap();
            List<Object[]> holder = new ArrayList<>();
            long estimated = build(build, rnd, holder);
            long measured = liveHeap() - before;
            Reference.reachabilityFence(holder);
            ratio = (double) measured / estimated;
            System.out.printf("%s %s: measured %d, estimated %d, ratio %.4f (attempt %d)%n",
                    type, encoding, measured, estimated, ratio, attempt);
            holder = null;
            if (Math.abs(ratio - 1) <= TOLERANCE) {
                break;
            }
        }
        assertTrue(Math.abs(ratio - 1) <= TOLERANCE, type + " " + encoding + " measured/estimated " + ratio);
    }

    /** Builds values into chunks of {@code holder} until their figures add up to the target; returns the total. */
    private static long build(Function<Random, Object> build, Random rnd, List<Object[]> holder) {
        long estimated = 0;
        Object[] chunk = null;
        int filled = CHUNK;
        while (estimated < TARGET_BYTES) {
            if (filled == CHUNK) {
                chunk = new Object[CHUNK];
                holder.add(chunk);
                filled = 0;
                estimated += HeapLayout.referenceArray(CHUNK);
            }
            Object v = build.apply(rnd);
            chunk[filled++] = v;
            estimated += HeapSized.of(v);
        }
        return estimated;
    }

    /** The heap in use right after full collections: live objects only. */
    private static long liveHeap() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
