package io.redjay.keyspace;

/**
 * A stored value that knows the heap it retains, so the server can keep {@code used_memory} as a running sum updated
 * on every write (the value's figure before and after) instead of asking the collector, whose "heap used" includes
 * garbage not yet collected and moves with every allocation.
 *
 * <p>The figure is exact for the JVM's layout ({@link HeapLayout}): every object reachable only from the value, its
 * own object, arrays, nodes, element strings and tables, counted once. Singletons shared by all values (the empty
 * arrays some forms start with) are not counted. It is O(1): each implementation derives it from sizes it keeps
 * anyway (array capacities, counts) or from a counter its mutators maintain, never from a walk over the elements.
 *
 * <p>Element arrays are counted as the value's own. A value built by a store command from another value's members
 * may share some of those arrays with it for as long as both live, and the sum over both then counts them twice:
 * an estimate that errs above the heap, never below.
 */
public interface HeapSized {
    /** The bytes of heap this value retains. */
    long heapBytes();

    /** What a stored value retains: a string's array, an aggregate's {@link #heapBytes()}, 0 for anything else. */
    static long of(Object value) {
        if (value instanceof byte[] b) {
            return HeapLayout.byteArray(b.length);
        }
        if (value instanceof HeapSized h) {
            return h.heapBytes();
        }
        return 0;
    }
}
