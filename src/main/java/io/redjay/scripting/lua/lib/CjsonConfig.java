package io.redjay.scripting.lua.lib;

/**
 * The settings of one cjson module table, which its configuration functions change and its encoder and decoder
 * read. lua-cjson keeps them in a userdata shared by the module's functions as an upvalue; {@code cjson.new()} makes a
 * table with a fresh set, so a script can change its own copy without touching {@code cjson}'s. In Redis the
 * settings of the global {@code cjson} outlive the script that changed them (they live until the Lua state is
 * recreated), and so do these: they belong to the module table, not to a call.
 *
 * <p>The defaults are lua-cjson 2.1.0's as Redis builds it (invalid numbers accepted when decoding).
 */
final class CjsonConfig {
    /** Lua 5.1's limit on the stack slots a C function may use ({@code LUAI_MAXCSTACK}); deep nesting meets it. */
    static final int MAX_STACK_SLOTS = 8000;

    boolean sparseConvert;
    int sparseRatio = 2;
    int sparseSafe = 10;
    int encodeMaxDepth = 1000;
    int decodeMaxDepth = 1000;
    /** 0 = refuse, 1 = write {@code inf}/{@code nan}, 2 = write {@code null}. */
    int encodeInvalidNumbers;
    boolean decodeInvalidNumbers = true;
    int numberPrecision = 14;
    boolean keepBuffer = true;
    /** The encoder's buffer, kept between calls while {@link #keepBuffer} is on. */
    byte[] buffer;
}
