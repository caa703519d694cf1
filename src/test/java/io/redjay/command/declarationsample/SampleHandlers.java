package io.redjay.command.declarationsample;

import io.redjay.command.CommandContext;

/** Handlers bound by CommandDeclarationsTest; package-private like a real group's. */
final class SampleHandlers {
    static int calls;

    private SampleHandlers() {
    }

    static void probe(CommandContext ctx) {
        calls++;
    }

    static int[] lastKey(byte[][] argv) {
        return new int[] {argv.length - 1};
    }
}
