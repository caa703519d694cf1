package io.redjay.transaction;

import io.redjay.command.Command;

/**
 * A command accepted between MULTI and EXEC. It was fully validated when it arrived (existence, subcommand, arity,
 * authentication), so EXEC runs it without looking it up again; only its runtime errors remain possible.
 */
public record QueuedCommand(Command command, byte[][] argv) {
}
