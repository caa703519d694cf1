package io.redjay.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Fluent form of a command declaration, so each command group declares its commands in one readable block:
 * <pre>
 * t.command("get", 2).flags("readonly fast").keys(1, 1, 1).acl("@read @string @fast")
 *  .doc("string", "1.0.0", "Returns the string value of a key.", "GET key", "O(1)").handler(StringCommands::get);
 * </pre>
 */
public final class CommandBuilder {
    final String name;
    final int arity;
    long flags;
    int firstKey;
    int lastKey;
    int keyStep = 1;
    KeyFinder keyFinder;
    final List<String> acl = new ArrayList<>();
    String group = "generic";
    String since = "1.0.0";
    String summary = "";
    String complexity = "";
    String syntax = "";
    final List<String> tips = new ArrayList<>();
    Handler handler;
    private final CommandTable table;
    private final Command parent;

    CommandBuilder(CommandTable table, Command parent, String name, int arity) {
        this.table = table;
        this.parent = parent;
        this.name = name;
        this.arity = arity;
    }

    public CommandBuilder flags(String names) {
        this.flags |= Flags.parse(names);
        return this;
    }

    public CommandBuilder keys(int first, int last, int step) {
        this.firstKey = first;
        this.lastKey = last;
        this.keyStep = step;
        return this;
    }

    public CommandBuilder keys(KeyFinder finder) {
        this.keyFinder = finder;
        this.flags |= Flags.MOVABLE_KEYS;
        return this;
    }

    public CommandBuilder acl(String categories) {
        for (String c : categories.trim().split("\\s+")) {
            if (!c.isEmpty()) {
                acl.add(c.startsWith("@") ? c.substring(1) : c);
            }
        }
        return this;
    }

    /** Command tips as COMMAND INFO reports them ({@code nondeterministic_output}, {@code request_policy:...}). */
    public CommandBuilder tips(String names) {
        for (String t : names.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                tips.add(t);
            }
        }
        return this;
    }

    public CommandBuilder doc(String group, String since, String summary, String syntax, String complexity) {
        this.group = group;
        this.since = since;
        this.summary = summary;
        this.syntax = syntax;
        this.complexity = complexity;
        return this;
    }

    /** Registers a container command ({@code CONFIG}, {@code CLIENT}) whose subcommands are declared separately. */
    public Command container() {
        return table.register(this, parent);
    }

    /** Registers the command with its handler. */
    public Command handler(Handler h) {
        this.handler = h;
        return table.register(this, parent);
    }
}
