package io.redjay.command;

/** Placeholder for the ObjectCommand group; its owner fills it in. */
public final class ObjectCommand {
    private ObjectCommand() {
    }

    static void register(CommandTable t) {
    }
}
