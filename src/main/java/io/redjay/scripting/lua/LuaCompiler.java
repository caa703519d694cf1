package io.redjay.scripting.lua;

/**
 * Turns Lua source into a callable main function: {@link LuaParser} builds the tree of executable nodes, and the
 * result is a vararg {@link LuaClosure} whose globals resolve in the env it is given. There is no bytecode; a source
 * starting with the binary-chunk signature byte is simply parsed as text and fails as Redis's Lua (which has
 * {@code luaU_undump} disabled) fails: "unexpected symbol near 'char(27)'".
 */
public final class LuaCompiler {
    /** Syntax errors render the chunk name in 80 bytes ({@code llex.c}), runtime errors in 60 ({@code LUA_IDSIZE}). */
    private static final int SYNTAX_ID_SIZE = 80;
    private static final int RUNTIME_ID_SIZE = 60;

    private LuaCompiler() {
    }

    /**
     * Compiles {@code source}; {@code chunkName} is how positions render ("user_script" gives "user_script:3: ...",
     * as C Lua renders "@user_script"). Syntax errors raise {@link LuaError} with Lua 5.1's message.
     */
    public static LuaFunction load(LuaState L, LuaString source, String chunkName, LuaTable env) {
        return compile(source, chunkName, chunkName, "@" + chunkName, env);
    }

    /**
     * {@code loadstring(s, chunkname)}: {@code chunkName} is a Lua chunk name as {@code luaO_chunkid} reads it
     * ("=name" verbatim, "@file" a file, anything else {@code [string "first line..."]}); null means the source itself.
     */
    public static LuaFunction loadString(LuaState L, LuaString source, LuaString chunkName, LuaTable env) {
        LuaString name = chunkName == null ? source : chunkName;
        return compile(source, chunkId(name, SYNTAX_ID_SIZE), chunkId(name, RUNTIME_ID_SIZE), name.toString(), env);
    }

    static LuaClosure compile(LuaString source, String syntaxName, String runtimeName, String sourceName,
            LuaTable env) {
        FunctionProto main = new LuaParser(source.bytes(), syntaxName, runtimeName, sourceName).parseChunk();
        return new LuaClosure(main, env, new UpvalueCell[0]);
    }

    /** {@code luaO_chunkid}: the name positions show for a chunk, within {@code size} bytes. */
    static String chunkId(LuaString source, int size) {
        String s = source.toString();
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            s = s.substring(0, nul);
        }
        if (s.startsWith("=")) {
            return s.length() > size ? s.substring(1, size) : s.substring(1);
        }
        if (s.startsWith("@")) {
            String file = s.substring(1);
            int room = size - " '...' ".length() - 1;
            return file.length() > room ? "..." + file.substring(file.length() - room) : file;
        }
        int len = 0;
        while (len < s.length() && s.charAt(len) != '\n' && s.charAt(len) != '\r') {
            len++;
        }
        int room = size - " [string \"...\"] ".length() - 1;
        if (len > room) {
            len = room;
        }
        return len < s.length() ? "[string \"" + s.substring(0, len) + "...\"]" : "[string \"" + s + "\"]";
    }
}
