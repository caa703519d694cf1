package io.redjay.server;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code redjay-server --test-memory <megabytes>}: Redis's quick RAM test, for the operator who suspects the machine
 * after a crash report. It takes the memory outside the Java heap (direct buffers are plain {@code malloc}ed pages,
 * not moved by the collector) and runs Redis's four tests over it for 50 passes: every word holds its own address,
 * random values written to both halves and compared, solid and checkerboard patterns with their complements. A
 * mismatch is reported with its offset and the process exits 1; a clean run prints Redis's closing advice.
 */
public final class MemoryTest {
    private static final int PASSES = 50;
    private static final int CHUNK = 64 << 20;

    private MemoryTest() {
    }

    /** {@code args} are the whole command line ({@code --test-memory N}); returns the exit status. */
    public static int run(String[] args) {
        long megabytes = args.length == 2 ? parse(args[1]) : -1;
        if (megabytes <= 0) {
            System.err.println("Please specify the amount of memory to test in megabytes.");
            System.err.println("Example: ./redjay-server --test-memory 4096\n");
            return 1;
        }
        List<LongBuffer> chunks = new ArrayList<>();
        try {
            for (long left = megabytes << 20; left > 0; left -= CHUNK) {
                chunks.add(ByteBuffer.allocateDirect((int) Math.min(CHUNK, left)).order(ByteOrder.nativeOrder())
                        .asLongBuffer());
            }
        } catch (OutOfMemoryError e) {
            System.err.println("Unable to allocate " + megabytes + " megabytes: " + e.getMessage()
                    + " (raise -XX:MaxDirectMemorySize in JAVA_OPTS)");
            return 1;
        }
        System.out.println("Please keep the test running several minutes per GB of memory.");
        SplittableRandom random = new SplittableRandom(System.nanoTime());
        for (int pass = 1; pass <= PASSES; pass++) {
            String failure = onePass(chunks, random);
            if (failure != null) {
                System.out.println("\n*** " + failure);
                return 1;
            }
            System.out.println("Pass " + pass + "/" + PASSES + ": addressing, random, solid, checkerboard OK");
        }
        System.out.println("\nYour memory passed this test.");
        System.out.println("Please if you are still in doubt use the following two tools:");
        System.out.println("1) memtest86: http://www.memtest86.com/");
        System.out.println("2) memtester: http://pyropus.ca/software/memtester/");
        return 0;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One pass of the four tests over every chunk; returns the first error found, or null. */
    static String onePass(List<LongBuffer> chunks, SplittableRandom random) {
        for (int c = 0; c < chunks.size(); c++) {
            LongBuffer b = chunks.get(c);
            String e = addressing(b, (long) c * (CHUNK / 8));
            if (e == null) {
                e = randomHalves(b, random.nextLong());
            }
            for (long pattern : new long[] {0L, 0x5555555555555555L}) {
                if (e == null) {
                    e = patternHalves(b, pattern, false);
                }
                if (e == null) {
                    e = patternHalves(b, pattern, true);
                }
            }
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static String addressing(LongBuffer b, long base) {
        int n = b.capacity();
        for (int i = 0; i < n; i++) {
            b.put(i, base + i);
        }
        for (int i = 0; i < n; i++) {
            if (b.get(i) != base + i) {
                return "MEMORY ADDRESSING ERROR: word " + (base + i) + " contains " + b.get(i);
            }
        }
        return null;
    }

    private static String randomHalves(LongBuffer b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int half = b.capacity() / 2;
        for (int i = 0; i < half; i++) {
            long v = r.nextLong();
            b.put(i, v);
            b.put(i + half, v);
        }
        return compareHalves(b);
    }

    /** Solid ({@code checker} false: the pattern, then its complement) or alternating words (a checkerboard). */
    private static String patternHalves(LongBuffer b, long pattern, boolean checker) {
        int half = b.capacity() / 2;
        for (int i = 0; i < half; i++) {
            long v = checker && (i & 1) == 1 ? ~pattern : pattern;
            b.put(i, v);
            b.put(i + half, v);
        }
        String e = compareHalves(b);
        if (e != null) {
            return e;
        }
        for (int i = 0; i < half; i++) {
            long v = checker && (i & 1) == 0 ? ~pattern : pattern;
            b.put(i, ~v);
            b.put(i + half, ~v);
        }
        return compareHalves(b);
    }

    private static String compareHalves(LongBuffer b) {
        int half = b.capacity() / 2;
        for (int i = 0; i < half; i++) {
            if (b.get(i) != b.get(i + half)) {
                return "MEMORY ERROR DETECTED: word " + i + " != word " + (i + half) + " (" + b.get(i) + " vs "
                        + b.get(i + half) + ")";
            }
        }
        return null;
    }
}
