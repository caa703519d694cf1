package io.redjay.types;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks {@code count} distinct random pairs of a hash for HRANDFIELD with a positive count smaller than the hash,
 * with the strategy Redis chooses for each situation, since no single one is cheap everywhere:
 * <ul>
 * <li>when the request is more than a third of the hash, take every pair and drop random ones until {@code count}
 * remain (drawing until enough distinct pairs turn up would repeat itself more and more);</li>
 * <li>otherwise, in the compact form, one ordered pass of selection sampling over the pairs (drawing one by one would
 * walk the array each time);</li>
 * <li>otherwise, in the table form, draw random entries and skip those already drawn.</li>
 * </ul>
 */
public final class HashRandom {
    private static final int SUBTRACT_FACTOR = 3;

    private HashRandom() {
    }

    /** {@code count} distinct pairs, flat (field, value, ...); requires {@code 0 < count < hash.size()}. */
    public static byte[][] distinct(HashValue hash, int count) {
        long size = hash.size();
        if ((long) count * SUBTRACT_FACTOR > size) {
            return dropRandom(hash.pairs(), count);
        }
        if (hash.isPacked()) {
            return sample(hash.pairs(), count);
        }
        return drawDistinct(hash, count);
    }

    private static byte[][] dropRandom(byte[][] all, int count) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int n = all.length / 2;
        while (n > count) {
            int victim = rnd.nextInt(n);
            n--;
            all[victim * 2] = all[n * 2];
            all[victim * 2 + 1] = all[n * 2 + 1];
        }
        byte[][] out = new byte[count * 2][];
        System.arraycopy(all, 0, out, 0, count * 2);
        return out;
    }

    private static byte[][] sample(byte[][] all, int count) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int n = all.length / 2;
        byte[][] out = new byte[count * 2][];
        int taken = 0;
        for (int i = 0; i < n && taken < count; i++) {
            if (rnd.nextInt(n - i) < count - taken) {
                out[taken * 2] = all[i * 2];
                out[taken * 2 + 1] = all[i * 2 + 1];
                taken++;
            }
        }
        return out;
    }

    private static byte[][] drawDistinct(HashValue hash, int count) {
        Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        byte[][] out = new byte[count * 2][];
        int taken = 0;
        while (taken < count) {
            byte[][] pair = hash.randomPair();
            if (seen.add(pair[0])) {
                out[taken * 2] = pair[0];
                out[taken * 2 + 1] = pair[1];
                taken++;
            }
        }
        return out;
    }
}
