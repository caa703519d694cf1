package io.redjay.command;

/**
 * An error reply raised from anywhere inside a handler: a typed lookup that met another type, an argument that does
 * not parse. The dispatcher catches it and writes the message as the command's reply, so a handler states the
 * condition once ({@code throw CommandError.of(Errors.SYNTAX)}) instead of replying and returning at every level.
 *
 * <p>It carries no stack trace (filled in lazily by nobody), and the frequent ones are shared instances, so raising
 * one costs about as much as a return. The rule that makes this safe is Redis's own order of checks: every lookup and
 * every argument is validated before the first change to the dataset and before the first byte of the reply.
 */
public final class CommandError extends RuntimeException {
    public static final CommandError WRONGTYPE = new CommandError(Errors.WRONGTYPE);
    public static final CommandError SYNTAX = new CommandError(Errors.SYNTAX);
    public static final CommandError NOT_INTEGER = new CommandError(Errors.NOT_INTEGER);
    public static final CommandError NOT_FLOAT = new CommandError(Errors.NOT_FLOAT);
    public static final CommandError NO_SUCH_KEY = new CommandError(Errors.NO_SUCH_KEY);

    private CommandError(String message) {
        super(message, null, false, false);
    }

    /** An error with Redis's text, code included ({@code ERR ...}, {@code WRONGTYPE ...}). */
    public static CommandError of(String message) {
        return new CommandError(message);
    }
}
