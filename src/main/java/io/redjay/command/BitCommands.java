package io.redjay.command;

/** Placeholder for the BitCommands group; its owner fills it in. */
public final class BitCommands {
    private BitCommands() {
    }

    static void register(CommandTable t) {
    }
}
