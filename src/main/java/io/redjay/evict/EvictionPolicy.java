package io.redjay.evict;

/**
 * The eight {@code maxmemory-policy} values, decomposed into what eviction needs to know: which keys are candidates
 * (all, or only those with a TTL) and how a candidate is ranked (idle time, access frequency, time to live, or not at
 * all for the random policies).
 */
public enum EvictionPolicy {
    VOLATILE_LRU(false, Rank.IDLE), VOLATILE_LFU(false, Rank.RARITY), VOLATILE_RANDOM(false, Rank.NONE),
    VOLATILE_TTL(false, Rank.EXPIRY), ALLKEYS_LRU(true, Rank.IDLE), ALLKEYS_LFU(true, Rank.RARITY),
    ALLKEYS_RANDOM(true, Rank.NONE), NOEVICTION(false, Rank.NONE);

    /** How candidates compare: the larger the score, the better a victim. */
    enum Rank { IDLE, RARITY, EXPIRY, NONE }

    final boolean allKeys;
    final Rank rank;

    EvictionPolicy(boolean allKeys, Rank rank) {
        this.allKeys = allKeys;
        this.rank = rank;
    }

    /** The policy named as in the configuration ({@code allkeys-lru}). */
    public static EvictionPolicy named(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    public boolean lfu() {
        return rank == Rank.RARITY;
    }
}
