package io.redjay.command;

/** Placeholder for the DebugCommands group; its owner fills it in. */
public final class DebugCommands {
    private DebugCommands() {
    }

    static void register(CommandTable t) {
    }
}
