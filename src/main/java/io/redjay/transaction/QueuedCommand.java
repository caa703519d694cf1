package io.redjay.transaction;

/**
 * A command accepted between MULTI and EXEC: its arguments and its command's flags (CLIENT PAUSE WRITE judges EXEC by
 * them). It was fully validated when it arrived (existence, subcommand, arity, authentication), so EXEC's lookup of
 * the command again cannot fail and only its runtime errors remain possible. Keeping the flags rather than the
 * command keeps this package below the dispatch core.
 */
public record QueuedCommand(byte[][] argv, long flags) {
}
