package io.redjay.types;

/**
 * The configured thresholds of the compact set encodings ({@code set-max-intset-entries},
 * {@code set-max-listpack-entries}, {@code set-max-listpack-value}), passed in by the command layer so that the
 * data structure does not depend on the server's configuration object.
 */
public record SetLimits(long maxIntsetEntries, long maxListpackEntries, long maxListpackValue) {
    /** Redis's defaults: 512 integers, 128 entries of at most 64 bytes. */
    public static final SetLimits DEFAULTS = new SetLimits(512, 128, 64);

    /** Redis caps the intset at 2^30 entries whatever the configuration says. */
    long intsetCap() {
        return Math.min(maxIntsetEntries, 1L << 30);
    }
}
