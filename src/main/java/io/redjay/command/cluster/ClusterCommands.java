package io.redjay.command.cluster;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;

/**
 * CLUSTER and its subcommands, READONLY, READWRITE, ASKING. Redjay never runs in cluster mode, and a Redis without
 * cluster support answers every one of them with the same error; clients and tools probe these to learn the server's
 * mode, so they are declared (COMMAND lists them as Redis does) rather than left unknown.
 */
public final class ClusterCommands {
    private static final CommandError DISABLED = CommandError.of("ERR This instance has cluster support disabled");

    private ClusterCommands() {
    }

    // CLUSTER <subcommand> ..., READONLY, READWRITE, ASKING
    static void disabled(CommandContext ctx) {
        throw DISABLED;
    }
}
