package io.redjay.scripting;

import io.redjay.scripting.lua.LuaFunction;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One library of Redis 7.0 functions: its name (from the {@code #!lua name=...} line), its engine, its code exactly
 * as {@code FUNCTION LOAD} received it (what {@code FUNCTION LIST WITHCODE}, {@code FUNCTION DUMP}, snapshots and
 * AOF rewrites give back), and the functions its top level registered. A library is created whole or not at all:
 * it joins the registry only once its code ran without error and registered at least one function.
 */
public final class FunctionLibrary {
    /** A registered function: what FCALL runs and FUNCTION LIST describes. */
    public record Function(String name, byte[] description, int flags, LuaFunction callback, FunctionLibrary library) {
    }

    private final String name;
    private final byte[] code;
    private final Map<String, Function> functions = new LinkedHashMap<>();

    FunctionLibrary(String name, byte[] code) {
        this.name = name;
        this.code = code;
    }

    public String name() {
        return name;
    }

    public String engine() {
        return LuaFunctionEngine.NAME;
    }

    public byte[] code() {
        return code;
    }

    public Collection<Function> functions() {
        return Collections.unmodifiableCollection(functions.values());
    }

    /** Adds a function registered by the library's top level ({@code functionLibCreateFunction}). */
    void add(String fname, byte[] description, int flags, LuaFunction callback) {
        if (!FunctionLibraries.validName(fname)) {
            throw new ScriptException(FunctionLibraries.BAD_NAME);
        }
        if (functions.containsKey(fname)) {
            throw new ScriptException("Function already exists in the library");
        }
        functions.put(fname, new Function(fname, description, flags, callback, this));
    }
}
