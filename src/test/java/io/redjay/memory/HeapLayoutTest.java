package io.redjay.memory;

import io.redjay.keyspace.HeapLayout;
import org.junit.jupiter.api.Test;
import sun.misc.Unsafe;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layout rules of {@link HeapLayout} against what the running JVM actually does, read from field offsets and
 * array base offsets: every instance class of the value packages must come out at the size its fields occupy, so
 * the reflective reference ({@link RetainedHeap}) and the maintained figures both rest on true shallow sizes.
 */
class HeapLayoutTest {
    private static final Unsafe UNSAFE = unsafe();

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The size of an instance as the JVM laid it out: the end of its last field, aligned. */
    private static long laidOut(Class<?> c) {
        long end = HeapLayout.OBJECT_HEADER;
        for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                int width = f.getType().isPrimitive() ? RetainedHeap.primitiveBytes(f.getType()) : HeapLayout.REFERENCE;
                end = Math.max(end, UNSAFE.objectFieldOffset(f) + width);
            }
        }
        return HeapLayout.align(end);
    }

    @Test
    void detectedFlagsMatchTheJvmArguments() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (args.contains("-XX:-UseCompressedOops") || args.stream().anyMatch(a -> a.equals("-XX:+UseZGC"))) {
            assertEquals(8, HeapLayout.REFERENCE);
        }
        assertEquals(UNSAFE.arrayIndexScale(Object[].class), HeapLayout.REFERENCE);
        assertTrue(HeapLayout.ALIGNMENT >= 8 && Integer.bitCount(HeapLayout.ALIGNMENT) == 1);
    }

    @Test
    void headerIsWhereTheFirstFieldGoes() {
        class OneInt {
            int v;
        }
        try {
            assertEquals(HeapLayout.OBJECT_HEADER, UNSAFE.objectFieldOffset(OneInt.class.getDeclaredField("v")));
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyValueClassIsTheSizeOfItsFields() {
        int checked = 0;
        for (Class<?> c : RetainedHeap.valueClasses()) {
            if (c.isInterface() || c.isRecord()) {
                continue;
            }
            assertEquals(laidOut(c), RetainedHeap.shape(c).shallow(), c.getName());
            checked++;
        }
        assertTrue(checked > 20, "checked " + checked);
    }

    @Test
    void arraysAreBaseOffsetPlusElements() {
        Class<?>[] kinds = {byte[].class, int[].class, long[].class, double[].class, Object[].class, char[].class};
        for (Class<?> k : kinds) {
            int scale = UNSAFE.arrayIndexScale(k);
            for (int n : new int[] {0, 1, 2, 3, 7, 8, 13, 100, 4097}) {
                long expected = HeapLayout.align(UNSAFE.arrayBaseOffset(k) + (long) n * scale);
                assertEquals(expected, HeapLayout.array(scale, n), k.getSimpleName() + " of " + n);
            }
        }
        assertEquals(HeapLayout.byteArray(5), HeapLayout.array(1, 5));
        assertEquals(HeapLayout.intArray(5), HeapLayout.array(4, 5));
        assertEquals(HeapLayout.longArray(5), HeapLayout.array(8, 5));
        assertEquals(HeapLayout.doubleArray(5), HeapLayout.longArray(5));
        assertEquals(HeapLayout.referenceArray(5), HeapLayout.array(HeapLayout.REFERENCE, 5));
    }
}
