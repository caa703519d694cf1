package io.redjay.command;

/** Placeholder for the ServerCommands group; its owner fills it in. */
public final class ServerCommands {
    private ServerCommands() {
    }

    static void register(CommandTable t) {
    }
}
