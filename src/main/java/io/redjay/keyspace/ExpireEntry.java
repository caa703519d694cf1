package io.redjay.keyspace;

/**
 * A node of a database's expires table, which indexes only the keys that have a TTL, so that the active expiry cycle
 * samples among them instead of among all keys (as Redis keeps its separate {@code expires} dict).
 */
final class ExpireEntry extends DictEntry {
    KeyEntry target;

    ExpireEntry(KeyEntry target) {
        super(target.key, target.hash);
        this.target = target;
    }
}
