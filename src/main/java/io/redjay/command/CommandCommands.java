package io.redjay.command;

/** Placeholder for the CommandCommands group; its owner fills it in. */
public final class CommandCommands {
    private CommandCommands() {
    }

    static void register(CommandTable t) {
    }
}
