package io.redjay.config;

import java.util.List;

/**
 * One configuration parameter: its name and aliases, its flags, and a {@link Value} that knows how to parse, print and
 * rewrite it. The same object serves the config file, command-line overrides, {@code CONFIG GET/SET} and
 * {@code CONFIG REWRITE}, which is what keeps those four views of a parameter from drifting apart.
 *
 * <p>Values cross this interface as Strings holding ISO-8859-1 text, so arbitrary bytes survive the trip from a
 * config file or a {@code CONFIG SET} argument to {@code CONFIG GET}.
 */
public final class ConfigParam {
    /** Can be given in the config file or on the command line, but not changed by CONFIG SET. */
    public static final int IMMUTABLE = 1;
    /** Its value is a secret (Redis hides it from the slow log and MONITOR). */
    public static final int SENSITIVE = 1 << 1;
    /** Takes several arguments; a single argument holding spaces is split into several. */
    public static final int MULTI_ARG = 1 << 2;
    /** CONFIG SET refuses it unless enable-protected-configs allows the client. */
    public static final int PROTECTED = 1 << 3;
    /** Not matched by CONFIG GET patterns; only an exact name finds it. */
    public static final int HIDDEN = 1 << 4;
    /** Repeated lines in one config file add up instead of replacing each other (save). */
    public static final int ACCUMULATES = 1 << 5;
    /** CONFIG SET refuses it with the LOADING error while a dataset is being loaded. */
    public static final int DENY_LOADING = 1 << 6;

    /** The behaviour of one parameter type. */
    public interface Value {
        /** The CONFIG GET form of the current value. */
        String get(Config c);

        /** Parses, validates and stores the arguments; throws with Redis's message when they are not acceptable. */
        void set(Config c, List<String> args) throws ConfigException;

        /** Emits the config file line(s) for the current value, forced when it differs from the default. */
        void rewrite(Config c, String name, ConfigRewrite out);
    }

    private final String name;
    private final List<String> aliases;
    private final int flags;
    private final Value value;
    private final List<String> defaults;
    private ConfigApplier applier;

    /** {@code defaults} are the arguments that produce the default value, as if read from a config file. */
    public ConfigParam(String name, List<String> aliases, int flags, Value value, List<String> defaults) {
        this.name = name;
        this.aliases = aliases;
        this.flags = flags;
        this.value = value;
        this.defaults = defaults;
    }

    /** Registers how a change of this parameter takes effect at run time (see {@link ConfigApplier}). */
    public void onApply(ConfigApplier a) {
        this.applier = a;
    }

    /** The run-time effect of a change, or null when storing the value is all there is to it. */
    public ConfigApplier applier() {
        return applier;
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
        return value.get(c);
    }

    public void set(Config c, List<String> args) throws ConfigException {
        value.set(c, args);
    }

    /** Puts the default value back, as Redis's initConfigValues does before reading the config file. */
    public void reset(Config c) {
        try {
            value.set(c, defaults);
        } catch (ConfigException e) {
            throw new IllegalStateException("bad default for " + name + ": " + e.getMessage(), e);
        }
    }

    public void rewrite(Config c, ConfigRewrite out) {
        value.rewrite(c, name, out);
    }
}
