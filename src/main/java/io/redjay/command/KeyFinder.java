package io.redjay.command;

/** Finds the key positions of a command whose keys depend on its arguments (Redis's movablekeys commands). */
@FunctionalInterface
public interface KeyFinder {
    int[] find(byte[][] argv);
}
