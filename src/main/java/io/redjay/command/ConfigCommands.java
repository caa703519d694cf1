package io.redjay.command;

/** Placeholder for the ConfigCommands group; its owner fills it in. */
public final class ConfigCommands {
    private ConfigCommands() {
    }

    static void register(CommandTable t) {
    }
}
