package io.redjay.types;

/** Placeholder until the heap accounting branch lands. */
public final class HeapLayout {
    private HeapLayout() {
    }

    public static long object(int primitiveFieldBytes, int referenceFields) {
        return align(12 + primitiveFieldBytes + 8L * referenceFields);
    }

    public static long byteArray(long n) {
        return align(16 + n);
    }

    public static long referenceArray(long n) {
        return align(16 + 8 * n);
    }

    public static long align(long n) {
        return (n + 7) & ~7L;
    }
}
