package io.redjay.server;

import java.util.List;

/**
 * One configuration parameter: its name and aliases, how to read and write its value in {@link Config}, its default,
 * and whether it can change at run time. The same object serves the config file, command-line overrides,
 * {@code CONFIG GET/SET} and {@code CONFIG REWRITE}.
 */
public final class ConfigParam {
    public static final int IMMUTABLE = 1;
    public static final int SENSITIVE = 1 << 1;
    public static final int MULTI_ARG = 1 << 2;
    public static final int PROTECTED = 1 << 3;

    /** Reads the value in its CONFIG GET form. */
    public interface Getter {
        String get(Config c);
    }

    /** Parses, validates and stores a value; throws with Redis's message when it is not acceptable. */
    public interface Setter {
        void set(Config c, String value) throws ConfigException;
    }

    private final String name;
    private final List<String> aliases;
    private final int flags;
    private final Getter getter;
    private final Setter setter;
    private final String defaultValue;

    public ConfigParam(String name, List<String> aliases, int flags, Getter getter, Setter setter, String defaultValue) {
        this.name = name;
        this.aliases = aliases;
        this.flags = flags;
        this.getter = getter;
        this.setter = setter;
        this.defaultValue = defaultValue;
    }

    public String name() {
        return name;
    }

    public List<String> aliases() {
        return aliases;
    }

    public boolean is(int flag) {
        return (flags & flag) != 0;
    }

    public String get(Config c) {
        return getter.get(c);
    }

    public void set(Config c, String value) throws ConfigException {
        setter.set(c, value);
    }

    public String defaultValue() {
        return defaultValue;
    }
}
