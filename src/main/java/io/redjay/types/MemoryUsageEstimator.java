package io.redjay.types;

/**
 * An aggregate value that can estimate its own size for MEMORY USAGE, in Redis's terms (see {@link MemoryUsage}).
 * {@code samples} is how many elements to measure before extrapolating to the whole, 0 meaning all of them, as
 * Redis samples large aggregates rather than walking them.
 */
public interface MemoryUsageEstimator {
    long memoryUsage(int samples);
}
