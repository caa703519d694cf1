package io.redjay.scripting;

import io.redjay.keyspace.FunctionStore;
import io.redjay.persistence.rdb.DumpPayload;
import io.redjay.persistence.rdb.RdbException;
import io.redjay.protocol.InlineSplitter;
import io.redjay.scripting.lua.LuaString;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of Redis 7.0 function libraries ({@code functions.c}'s {@code functionsLibCtx}): libraries by name,
 * and every library's functions by name across all of them, since FCALL names a function, not a library.
 *
 * <p>Library names are compared exactly, function names without regard to case ({@code FCALL TEST} runs
 * {@code test}), as Redis's dictionaries compare them; within one library, names differing only in case are two
 * functions, of which FCALL finds the first registered.
 *
 * <p><b>All or nothing.</b> Loading a library checks its metadata line, runs its code in the engine, and only then
 * links it in, after verifying that none of its functions collides with another library's; with {@code REPLACE}
 * the old library is unlinked first and linked back if anything fails. {@code FUNCTION RESTORE} and a staged
 * replica load build a whole second registry on the same engine and then either swap it in or join it to this one
 * ({@link #join}), again with nothing changed when a name collides.
 *
 * <p>The registry is also the keyspace's {@link FunctionStore}, so snapshots, AOF rewrites and loads see the
 * libraries where they see the keys.
 */
public final class FunctionLibraries implements FunctionStore {
    static final String BAD_NAME = "Library names can only contain letters, numbers, or underscores(_) and must be "
            + "at least one character long";
    /** {@code LOAD_TIMEOUT_MS}: how long a library's top level may run for FUNCTION LOAD. */
    public static final long LOAD_TIMEOUT_MS = 500;

    /** How FUNCTION RESTORE treats the libraries already there. */
    public enum RestorePolicy { APPEND, REPLACE, FLUSH }

    private final LuaFunctionEngine engine;
    private final Map<String, FunctionLibrary> libraries = new LinkedHashMap<>();
    private final Map<String, FunctionLibrary.Function> functions = new HashMap<>();
    private long codeBytes;
    private byte[][] runningArgv;

    FunctionLibraries(LuaFunctionEngine engine) {
        this.engine = engine;
    }

    /** A function or library name: letters, digits and underscores, at least one ({@code functionsVerifyName}). */
    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The function FCALL names {@code name}: function names are matched without regard to case, as in Redis. */
    public FunctionLibrary.Function function(String name) {
        return functions.get(key(name));
    }

    /** The key of a function in the registry-wide table, whose names compare without regard to ASCII case. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * The flags FCALL of {@code name} is judged by: the function's own (functions are never in compatibility
     * mode), or {@link ScriptFlags#EVAL_COMPAT} for an unknown name, which leaves the command's flags as declared.
     */
    int flagsOf(byte[] name) {
        FunctionLibrary.Function f = function(new String(name, StandardCharsets.ISO_8859_1));
        return f == null ? ScriptFlags.EVAL_COMPAT : f.flags();
    }

    /**
     * Runs {@code f} for the FCALL {@code argv} as {@code run}: its keys and the rest of the arguments are the
     * callback's two arguments (KEYS and ARGV tables); the reply goes to the caller through {@link Scripting#run}.
     * Returns true when the reply is an error already counted.
     */
    public boolean call(Scripting scripting, ScriptRun run, FunctionLibrary.Function f, byte[][] argv, int numkeys) {
        byte[][] keys = Arrays.copyOfRange(argv, 3, 3 + numkeys);
        byte[][] args = Arrays.copyOfRange(argv, 3 + numkeys, argv.length);
        runningArgv = argv;
        try {
            return scripting.run(run, engine.state(), f.callback(),
                    new Object[] {Scripting.array(keys), Scripting.array(args)});
        } finally {
            runningArgv = null;
        }
    }

    /** The FCALL whose function is running (FUNCTION STATS shows it), or null. */
    public byte[][] runningCommand() {
        return runningArgv;
    }

    public Collection<FunctionLibrary> libraries() {
        return libraries.values();
    }

    public int functionCount() {
        return functions.size();
    }

    public int libraryCount() {
        return libraries.size();
    }

    /** INFO's {@code used_memory_functions}: the registry's own bookkeeping and the libraries' code. */
    public long overheadBytes() {
        return 184 + codeBytes + libraries.size() * 160L + functions.size() * 120L;
    }

    /** INFO's {@code used_memory_vm_functions}: an estimate of the functions' interpreter's heap. */
    public long vmBytes() {
        return 32768 + codeBytes * 4 + functions.size() * 400L;
    }

    // ---------------------------------------------------------------- creating

    /**
     * {@code functionsCreateWithLibraryCtx}: reads the metadata line, compiles and runs the code, links the library
     * in. Returns its name; raises {@link ScriptException} with Redis's message (without the {@code ERR} code).
     */
    public String create(byte[] code, boolean replace, long timeoutMillis) {
        Metadata md = Metadata.parse(code);
        if (!validName(md.name())) {
            throw new ScriptException(BAD_NAME);
        }
        if (!md.engine().equalsIgnoreCase(LuaFunctionEngine.NAME)) {
            throw new ScriptException("Engine '" + md.engine() + "' not found");
        }
        FunctionLibrary old = libraries.get(md.name());
        if (old != null && !replace) {
            throw new ScriptException("Library '" + md.name() + "' already exists");
        }
        if (old != null) {
            unlink(old);
        }
        try {
            FunctionLibrary lib = new FunctionLibrary(md.name(), code);
            engine.create(LuaString.of(code, md.codeStart(), code.length), lib::add, timeoutMillis);
            if (lib.functions().isEmpty()) {
                throw new ScriptException("No functions registered");
            }
            for (FunctionLibrary.Function f : lib.functions()) {
                if (functions.containsKey(key(f.name()))) {
                    throw new ScriptException("Function " + f.name() + " already exists");
                }
            }
            link(lib);
            return lib.name();
        } catch (RuntimeException e) {
            if (old != null) {
                link(old);
            }
            throw e;
        }
    }

    private void link(FunctionLibrary lib) {
        libraries.put(lib.name(), lib);
        for (FunctionLibrary.Function f : lib.functions()) {
            functions.putIfAbsent(key(f.name()), f);
        }
        codeBytes += lib.code().length;
    }

    private void unlink(FunctionLibrary lib) {
        libraries.remove(lib.name());
        for (FunctionLibrary.Function f : lib.functions()) {
            functions.remove(key(f.name()), f);
        }
        codeBytes -= lib.code().length;
    }

    /** FUNCTION DELETE: false when there is no such library. */
    public boolean delete(String name) {
        FunctionLibrary lib = libraries.get(name);
        if (lib == null) {
            return false;
        }
        unlink(lib);
        return true;
    }

    @Override
    public void clear() {
        libraries.clear();
        functions.clear();
        codeBytes = 0;
    }

    /**
     * {@code libraryJoin}: every library of {@code src} added to this registry; with {@code replace} a library of
     * the same name is replaced. On a collision nothing changes and {@link ScriptException} says which name.
     */
    void join(FunctionLibraries src, boolean replace) {
        List<FunctionLibrary> replaced = new ArrayList<>();
        for (FunctionLibrary lib : src.libraries.values()) {
            FunctionLibrary old = libraries.get(lib.name());
            if (old != null) {
                if (!replace) {
                    relink(replaced);
                    throw new ScriptException("Library " + lib.name() + " already exists");
                }
                unlink(old);
                replaced.add(old);
            }
        }
        for (FunctionLibrary.Function f : src.functions.values()) {
            if (functions.containsKey(key(f.name()))) {
                relink(replaced);
                throw new ScriptException("Function " + f.name() + " already exists");
            }
        }
        for (FunctionLibrary lib : src.libraries.values()) {
            link(lib);
        }
        src.clear();
    }

    private void relink(List<FunctionLibrary> libs) {
        for (FunctionLibrary lib : libs) {
            link(lib);
        }
    }

    /** This registry's libraries become exactly {@code src}'s. */
    private void takeAll(FunctionLibraries src) {
        clear();
        for (FunctionLibrary lib : src.libraries.values()) {
            link(lib);
        }
        src.clear();
    }

    // ---------------------------------------------------------------- DUMP and RESTORE

    /** FUNCTION DUMP's payload. */
    public byte[] dump(boolean compression) {
        return DumpPayload.functions(libraryCodes(), compression);
    }

    /**
     * FUNCTION RESTORE of a payload that passed {@link DumpPayload#verify}: every library created in a registry of
     * its own, then swapped in or joined under {@code policy}. Raises {@link ScriptException} with Redis's message.
     */
    public void restore(byte[] payload, RestorePolicy policy) {
        List<byte[]> codes;
        try {
            codes = DumpPayload.functionCodes(payload);
        } catch (RdbException e) {
            throw new ScriptException(e.getMessage());
        }
        FunctionLibraries restored = new FunctionLibraries(engine);
        for (byte[] code : codes) {
            restored.create(code, false, 0);
        }
        if (policy == RestorePolicy.FLUSH) {
            takeAll(restored);
        } else {
            join(restored, policy == RestorePolicy.REPLACE);
        }
    }

    // ---------------------------------------------------------------- FunctionStore

    @Override
    public List<byte[]> libraryCodes() {
        List<byte[]> codes = new ArrayList<>(libraries.size());
        for (FunctionLibrary lib : libraries.values()) {
            codes.add(lib.code());
        }
        return codes;
    }

    @Override
    public String loadLibrary(byte[] code, boolean replace) {
        try {
            create(code, replace, 0);
            return null;
        } catch (ScriptException e) {
            return e.getMessage();
        }
    }

    @Override
    public FunctionStore staging() {
        return new FunctionLibraries(engine);
    }

    @Override
    public void adopt(FunctionStore staged) {
        takeAll((FunctionLibraries) staged);
    }

    /** The metadata line of a library ({@code functionExtractLibMetaData}): engine, name, where the code starts. */
    private record Metadata(String engine, String name, int codeStart) {
        static Metadata parse(byte[] code) {
            if (code.length < 2 || code[0] != '#' || code[1] != '!') {
                throw new ScriptException("Missing library metadata");
            }
            int end = 0;
            while (end < code.length && code[end] != '\n') {
                end++;
            }
            if (end == code.length) {
                throw new ScriptException("Invalid library metadata");
            }
            List<byte[]> parts = InlineSplitter.split(Arrays.copyOf(code, end));
            if (parts == null || parts.isEmpty()) {
                throw new ScriptException("Invalid library metadata");
            }
            String first = new String(parts.get(0), StandardCharsets.ISO_8859_1);
            String engine = first.length() >= 2 ? first.substring(2) : "";
            String name = null;
            for (int i = 1; i < parts.size(); i++) {
                String part = new String(parts.get(i), StandardCharsets.ISO_8859_1);
                if (part.regionMatches(true, 0, "name=", 0, 5)) {
                    if (name != null) {
                        throw new ScriptException("Invalid metadata value, name argument was given multiple times");
                    }
                    name = part.substring(5);
                    continue;
                }
                throw new ScriptException("Invalid metadata value given: " + part);
            }
            if (name == null) {
                throw new ScriptException("Library name was not given");
            }
            return new Metadata(engine, name, end);
        }
    }
}
