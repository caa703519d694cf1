package io.redjay.scripting;

import java.nio.charset.StandardCharsets;

/**
 * The flags a script declares about itself, Redis 7.0's way: an EVAL body may start with a shebang line
 * {@code #!lua flags=no-writes,allow-stale}, a function is registered with {@code flags = {...}}. A script without a
 * shebang runs in compatibility mode ({@link #EVAL_COMPAT}): it is judged by the EVAL command's own flags, as before
 * Redis 7.0, and may write. With a shebang and no {@code no-writes} it is a write script.
 *
 * <p>The flags change how the dispatcher treats the command that runs the script (a {@code no-writes} script is not
 * a write, so it runs on a read-only replica and under {@code CLIENT PAUSE WRITE}), and how the script's own calls
 * are checked.
 */
public final class ScriptFlags {
    public static final int NO_WRITES = 1;
    public static final int ALLOW_OOM = 1 << 1;
    public static final int ALLOW_STALE = 1 << 2;
    public static final int NO_CLUSTER = 1 << 3;
    public static final int ALLOW_CROSS_SLOT = 1 << 4;
    /** No shebang: an EVAL script as Redis 6 ran it. */
    public static final int EVAL_COMPAT = 1 << 5;

    static final String[] NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"};
    static final int[] BITS = {NO_WRITES, ALLOW_OOM, ALLOW_STALE, NO_CLUSTER, ALLOW_CROSS_SLOT};

    private ScriptFlags() {
    }

    /** The flag named {@code name}, or 0 when there is none. */
    public static int named(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return BITS[i];
            }
        }
        return 0;
    }

    /** The names of the flags set in {@code flags}, in Redis's order (FUNCTION LIST shows them so). */
    public static java.util.List<String> names(int flags) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if ((flags & BITS[i]) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    /** What {@link #parseShebang} found: the flags and where the Lua code starts (at the shebang's newline). */
    public record Shebang(int flags, int codeStart) {
    }

    /**
     * Reads the shebang of an EVAL body, as Redis's {@code evalExtractShebangFlags}: none gives {@link #EVAL_COMPAT}
     * and the whole body; one gives its flags and the offset of its line feed (kept, so line numbers stay the
     * user's). Raises {@link ScriptException} with Redis's message for a malformed one.
     */
    public static Shebang parseShebang(byte[] body) {
        if (body.length < 2 || body[0] != '#' || body[1] != '!') {
            return new Shebang(EVAL_COMPAT, 0);
        }
        int end = 0;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        if (end == body.length) {
            throw new ScriptException("ERR Invalid script shebang");
        }
        String line = new String(body, 0, end, StandardCharsets.ISO_8859_1);
        String[] parts = line.trim().split("[ \t\r]+");
        if (parts.length == 0 || parts[0].isEmpty()) {
            throw new ScriptException("ERR Invalid engine in script shebang");
        }
        if (!parts[0].equals("#!lua")) {
            throw new ScriptException("ERR Unexpected engine in script shebang: " + parts[0]);
        }
        int flags = 0;
        for (int i = 1; i < parts.length; i++) {
            if (!parts[i].startsWith("flags=")) {
                throw new ScriptException("ERR Unknown lua shebang option: " + parts[i]);
            }
            String list = parts[i].substring(6);
            if (list.isEmpty()) {
                continue;
            }
            for (String f : list.split(",", -1)) {
                int bit = named(f);
                if (bit == 0) {
                    throw new ScriptException("ERR Unexpected flag in script shebang: " + f);
                }
                flags |= bit;
            }
        }
        return new Shebang(flags, end);
    }
}
