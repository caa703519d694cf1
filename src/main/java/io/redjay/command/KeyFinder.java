package io.redjay.command;

import io.redjay.types.Numbers;

/** Finds the key positions of a command whose keys depend on its arguments (Redis's movablekeys commands). */
@FunctionalInterface
public interface KeyFinder {
    int[] find(byte[][] argv);

    /**
     * The positions of the keys that follow a {@code numkeys} argument at {@code numkeysIndex} (EVAL, FCALL, LMPOP,
     * ZUNION, ...): none when the count is missing, not a positive integer, or larger than the arguments left.
     */
    static int[] afterNumkeys(byte[][] argv, int numkeysIndex) {
        long n = numkeysIndex < argv.length ? Numbers.parseLong(argv[numkeysIndex]) : 0;
        if (n <= 0 || n > argv.length - numkeysIndex - 1) {
            return new int[0];
        }
        int[] keys = new int[(int) n];
        for (int i = 0; i < n; i++) {
            keys[i] = numkeysIndex + 1 + i;
        }
        return keys;
    }
}
