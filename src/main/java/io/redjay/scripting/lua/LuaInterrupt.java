package io.redjay.scripting.lua;

/**
 * Ends a running script from outside its own logic (SCRIPT KILL, FUNCTION KILL, a shutdown): raised by the
 * instruction hook, and unlike {@link LuaError} never caught by {@code pcall} or {@code xpcall}, so a script cannot
 * swallow its own kill. Whoever started the script turns it into the reply.
 */
public final class LuaInterrupt extends RuntimeException {
    public LuaInterrupt(String message) {
        super(message, null, false, false);
    }
}
