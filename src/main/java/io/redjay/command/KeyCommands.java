package io.redjay.command;

/** Placeholder for the KeyCommands group; its owner fills it in. */
public final class KeyCommands {
    private KeyCommands() {
    }

    static void register(CommandTable t) {
    }
}
