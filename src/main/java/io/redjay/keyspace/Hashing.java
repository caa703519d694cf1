package io.redjay.keyspace;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The key hash: a seeded 64-bit multiply-xorshift over 8 bytes at a time, folded to 32 bits. The seed is chosen at
 * start-up so a client cannot precompute keys that collide into one bucket (Redis seeds SipHash for the same reason).
 */
final class Hashing {
    private static final long SEED = ThreadLocalRandom.current().nextLong() | 1;
    private static final long M = 0x9E3779B97F4A7C15L;

    private Hashing() {
    }

    static int hash(byte[] key) {
        long h = SEED ^ (key.length * M);
        int i = 0;
        int n = key.length;
        while (i + 8 <= n) {
            long k = (key[i] & 0xffL) | (key[i + 1] & 0xffL) << 8 | (key[i + 2] & 0xffL) << 16
                    | (key[i + 3] & 0xffL) << 24 | (key[i + 4] & 0xffL) << 32 | (key[i + 5] & 0xffL) << 40
                    | (key[i + 6] & 0xffL) << 48 | (key[i + 7] & 0xffL) << 56;
            h = mix(h ^ k);
            i += 8;
        }
        long tail = 0;
        int shift = 0;
        while (i < n) {
            tail |= (key[i] & 0xffL) << shift;
            shift += 8;
            i++;
        }
        h = mix(h ^ tail);
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long h) {
        h *= M;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return h;
    }
}
