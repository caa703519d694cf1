package io.redjay.types;

/** Placeholder until the heap accounting branch lands. */
public interface HeapSized {
    long heapBytes();
}
