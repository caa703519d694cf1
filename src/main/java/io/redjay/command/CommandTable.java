package io.redjay.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every command the server knows, declared once by the command groups. Lookup by the raw name bytes is
 * case-insensitive and allocation-free: an open-addressing table keyed by an ASCII case-folded hash, so dispatching
 * {@code get}, {@code GET} or {@code GeT} never builds a {@code String}.
 */
public final class CommandTable {
    private final Map<String, Command> byName = new TreeMap<>();
    private Command[] slots = new Command[512];

    /** Starts the declaration of a top-level command. */
    public CommandBuilder command(String name, int arity) {
        return new CommandBuilder(this, null, name, arity);
    }

    /** Starts the declaration of a subcommand of {@code container}. */
    public CommandBuilder subcommand(Command container, String name, int arity) {
        return new CommandBuilder(this, container, name, arity);
    }

    Command register(CommandBuilder b, Command parent) {
        Command c = new Command(b, parent);
        if (parent != null) {
            if (parent.subcommands.putIfAbsent(c.name, c) != null) {
                throw new IllegalStateException("duplicate subcommand " + c.fullName);
            }
            return c;
        }
        if (byName.putIfAbsent(c.name, c) != null) {
            throw new IllegalStateException("duplicate command " + c.name);
        }
        if (byName.size() * 2 > slots.length) {
            Command[] old = slots;
            slots = new Command[old.length * 2];
            for (Command o : old) {
                if (o != null) {
                    insert(o);
                }
            }
        }
        insert(c);
        return c;
    }

    private void insert(Command c) {
        byte[] n = c.name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int mask = slots.length - 1;
        int i = foldedHash(n, 0, n.length) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = c;
    }

    /** The command named {@code name} (any case), or null. */
    public Command lookup(byte[] name) {
        int mask = slots.length - 1;
        int i = foldedHash(name, 0, name.length) & mask;
        Command c;
        while ((c = slots[i]) != null) {
            if (equalsFolded(c.name, name)) {
                return c;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** The subcommand of {@code container} named {@code name} (any case), or null. */
    public static Command lookupSub(Command container, byte[] name) {
        for (Command s : container.subcommands.values()) {
            if (equalsFolded(s.name, name)) {
                return s;
            }
        }
        return null;
    }

    public Command lookup(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Resolves {@code name} or {@code container|sub}, as COMMAND INFO/DOCS accept. */
    public Command resolve(String fullName) {
        String n = fullName.toLowerCase(Locale.ROOT);
        int bar = n.indexOf('|');
        if (bar < 0) {
            return byName.get(n);
        }
        Command parent = byName.get(n.substring(0, bar));
        return parent == null ? null : parent.subcommands.get(n.substring(bar + 1));
    }

    /** All top-level commands, sorted by name. */
    public Collection<Command> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** Every command including subcommands, sorted (containers before their subcommands). */
    public List<Command> allWithSubcommands() {
        List<Command> out = new ArrayList<>();
        for (Command c : byName.values()) {
            out.add(c);
            out.addAll(c.subcommands.values());
        }
        return out;
    }

    public int size() {
        return byName.size();
    }

    public void resetStats() {
        for (Command c : byName.values()) {
            c.resetStats();
        }
    }

    private static int foldedHash(byte[] b, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            int ch = b[i];
            if (ch >= 'A' && ch <= 'Z') {
                ch += 32;
            }
            h = (h ^ ch) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    static boolean equalsFolded(String lower, byte[] name) {
        return io.redjay.protocol.Ascii.equalsIgnoreCase(lower, name);
    }
}
