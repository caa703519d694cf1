package io.redjay.command;

/** Placeholder for the ClientCommands group; its owner fills it in. */
public final class ClientCommands {
    private ClientCommands() {
    }

    static void register(CommandTable t) {
    }
}
