package io.redjay.pubsub;

import java.util.Arrays;

/**
 * A channel or pattern name as a hash key. Channel names are arbitrary bytes, and Java's {@code byte[]} compares by
 * identity, so the registries key on this small value wrapper; the hash is computed once because every PUBLISH looks
 * the name up and every subscription keeps it in two tables.
 */
final class ChannelName {
    final byte[] bytes;
    private final int hash;

    ChannelName(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelName other && other.hash == hash && Arrays.equals(other.bytes, bytes);
    }
}
