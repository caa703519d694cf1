package io.redjay.scripting;

/**
 * A script or function could not be created or run, with the complete error reply Redis gives ({@code ERR Error
 * compiling script ...}, {@code NOSCRIPT ...}): the command handler replies it as it is.
 */
public final class ScriptException extends RuntimeException {
    public ScriptException(String reply) {
        super(reply, null, false, false);
    }
}
