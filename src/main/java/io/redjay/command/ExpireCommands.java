package io.redjay.command;

/** Placeholder for the ExpireCommands group; its owner fills it in. */
public final class ExpireCommands {
    private ExpireCommands() {
    }

    static void register(CommandTable t) {
    }
}
