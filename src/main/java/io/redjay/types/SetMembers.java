package io.redjay.types;

import java.util.function.Consumer;

/**
 * Read access to the members of a set, whatever its encoding: what other types need of a set (ZUNIONSTORE and
 * ZINTERSTORE accept plain sets as inputs with score 1; SORT sorts a set's members).
 */
public interface SetMembers {
    long size();

    boolean contains(byte[] member);

    void forEachMember(Consumer<byte[]> action);
}
