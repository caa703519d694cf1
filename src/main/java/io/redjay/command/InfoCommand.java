package io.redjay.command;

/** Placeholder for the InfoCommand group; its owner fills it in. */
public final class InfoCommand {
    private InfoCommand() {
    }

    static void register(CommandTable t) {
    }
}
