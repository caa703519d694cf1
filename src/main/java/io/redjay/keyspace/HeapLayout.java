package io.redjay.keyspace;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * How big the running JVM makes an object, so that stored values can report the heap they retain
 * ({@link HeapSized}) without asking the JVM per object. The facts are read once, when this class is initialised,
 * from HotSpot's diagnostic bean; where the bean or an option is missing the defaults of a 64-bit HotSpot with a
 * heap under 32 GB are assumed.
 *
 * <p><b>The rules</b> (HotSpot, 64-bit):
 * <ul>
 * <li>Every object starts with a header: an 8-byte mark word and a class pointer of 4 bytes
 * ({@code UseCompressedClassPointers}, the default) or 8, so 12 or 16 bytes. With {@code UseCompactObjectHeaders}
 * (Java 24 on) the class pointer lives inside the mark word and the header is 8 bytes.</li>
 * <li>A reference field or array slot takes 4 bytes with {@code UseCompressedOops} (G1 or Parallel with a heap
 * under 32 GB) and 8 without (ZGC never compresses oops; nor does any collector on a heap of 32 GB or more).</li>
 * <li>Fields of the class and of its superclasses are packed after the header, the widest first, smaller ones
 * filling the gaps alignment leaves (the field layout of Java 15 on), so an instance costs its header plus the sum of
 * its field widths, rounded up to {@code ObjectAlignmentInBytes} (8 by default). The one gap that can survive, before
 * the first 8-byte field behind a 12-byte header, is always absorbed by that final rounding.</li>
 * <li>An array's header is the object header plus a 4-byte length. Up to Java 21 its elements start at the next
 * multiple of 8; from Java 22 on they start right after the length, aligned only to the element's own width. The
 * whole array is rounded up to the object alignment.</li>
 * </ul>
 * These are the sizes a full collection leaves: what the measured tests of this package check against the heap the
 * JVM reports, and what the reflective tests check against field offsets.
 */
public final class HeapLayout {
    /** Whether references are 4 bytes. */
    public static final boolean COMPRESSED_OOPS;
    /** Whether class pointers in headers are 4 bytes. */
    public static final boolean COMPRESSED_CLASS_POINTERS;
    /** Whether headers are a single 8-byte word (Java 24 on, opt-in). */
    public static final boolean COMPACT_HEADERS;
    /** Every object's size is a multiple of this. */
    public static final int ALIGNMENT;
    /** Bytes of an object's header, where the first field may start. */
    public static final int OBJECT_HEADER;
    /** Bytes of a reference field or array slot. */
    public static final int REFERENCE;
    private static final int ARRAY_LENGTH_END;
    private static final boolean WORD_ALIGNED_ARRAY_BASE;

    static {
        HotSpotDiagnosticMXBean bean = diagnosticBean();
        long maxHeap = Runtime.getRuntime().maxMemory();
        COMPACT_HEADERS = flag(bean, "UseCompactObjectHeaders", false);
        COMPRESSED_CLASS_POINTERS = COMPACT_HEADERS || flag(bean, "UseCompressedClassPointers", true);
        COMPRESSED_OOPS = flag(bean, "UseCompressedOops", maxHeap < (32L << 30));
        ALIGNMENT = (int) number(bean, "ObjectAlignmentInBytes", 8);
        OBJECT_HEADER = COMPACT_HEADERS ? 8 : COMPRESSED_CLASS_POINTERS ? 12 : 16;
        REFERENCE = COMPRESSED_OOPS ? 4 : 8;
        ARRAY_LENGTH_END = OBJECT_HEADER + 4;
        WORD_ALIGNED_ARRAY_BASE = Runtime.version().feature() < 22;
    }

    private HeapLayout() {
    }

    private static HotSpotDiagnosticMXBean diagnosticBean() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static String option(HotSpotDiagnosticMXBean bean, String name) {
        if (bean == null) {
            return null;
        }
        try {
            return bean.getVMOption(name).getValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean flag(HotSpotDiagnosticMXBean bean, String name, boolean fallback) {
        String v = option(bean, name);
        return v == null ? fallback : Boolean.parseBoolean(v);
    }

    private static long number(HotSpotDiagnosticMXBean bean, String name, long fallback) {
        String v = option(bean, name);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** {@code bytes} rounded up to the object alignment. */
    public static long align(long bytes) {
        long mask = ALIGNMENT - 1;
        return (bytes + mask) & ~mask;
    }

    /**
     * An instance with {@code primitiveFieldBytes} bytes of primitive fields and {@code referenceFields} reference
     * fields, superclasses' fields included.
     */
    public static long object(int primitiveFieldBytes, int referenceFields) {
        return align(OBJECT_HEADER + primitiveFieldBytes + (long) referenceFields * REFERENCE);
    }

    /** An array of {@code length} elements of {@code elementBytes} bytes each. */
    public static long array(int elementBytes, long length) {
        long base = WORD_ALIGNED_ARRAY_BASE ? roundUp(ARRAY_LENGTH_END, 8) : roundUp(ARRAY_LENGTH_END, elementBytes);
        return align(base + length * elementBytes);
    }

    private static long roundUp(long v, int to) {
        return (v + to - 1) / to * to;
    }

    public static long byteArray(long length) {
        return array(1, length);
    }

    public static long intArray(long length) {
        return array(4, length);
    }

    public static long longArray(long length) {
        return array(8, length);
    }

    public static long doubleArray(long length) {
        return array(8, length);
    }

    public static long referenceArray(long length) {
        return array(REFERENCE, length);
    }
}
