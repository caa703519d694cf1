package io.redjay.command.introspection;

import io.redjay.command.Command;
import io.redjay.command.Flags;
import io.redjay.command.SyntaxArguments;
import io.redjay.command.Text;
import io.redjay.protocol.ReplyWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a command's declaration is presented to clients: the COMMAND INFO entry, the COMMAND DOCS entry, the key
 * specs and key flags, and the ACL categories. Everything is derived from the {@link Command} declaration, so a
 * command declared once shows up consistently in COMMAND, INFO commandstats and docs/commands.md.
 *
 * <p>Two things Redis 7.0 stores per command are derived here instead. ACL categories get Redis's implicit ones
 * added ({@code write} gives {@code @write}, {@code admin} gives {@code @admin @dangerous}, anything not
 * {@code @fast} is {@code @slow}) and are listed in Redis's category order. Key specs come from the legacy
 * first/last/step range: one {@code index} + {@code range} spec, whose flags are Redis's when Redis declares a single
 * spec for the command (the table {@code key-specs.txt} beside this class) and otherwise follow its read/write flag;
 * commands whose keys are found by a function also get an {@code unknown} spec flagged {@code incomplete}, which tells
 * clients to ask COMMAND GETKEYS.
 */
public final class CommandDocsReply {
    private CommandDocsReply() {
    }

    /** Redis's ACL categories, in the order Redis lists them. */
    static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    /** Flags Redis keeps internal: never shown by COMMAND INFO. */
    private static final long HIDDEN_FLAGS = Flags.MAY_REPLICATE | Flags.SENTINEL | Flags.ONLY_SENTINEL
            | Flags.PROTECTED;

    /** The command's ACL categories, declared plus implicit, without the {@code @}, in Redis's order. */
    public static List<String> categories(Command cmd) {
        Set<String> have = new LinkedHashSet<>(cmd.aclCategories());
        if (cmd.is(Flags.WRITE)) {
            have.add("write");
        }
        if (cmd.is(Flags.READONLY) && !have.contains("scripting")) {
            have.add("read");
        }
        if (cmd.is(Flags.ADMIN)) {
            have.add("admin");
            have.add("dangerous");
        }
        if (cmd.is(Flags.PUBSUB)) {
            have.add("pubsub");
        }
        if (cmd.is(Flags.FAST)) {
            have.add("fast");
        }
        if (cmd.is(Flags.BLOCKING)) {
            have.add("blocking");
        }
        if (!have.contains("fast")) {
            have.add("slow");
        }
        List<String> out = new ArrayList<>();
        for (String c : CATEGORIES) {
            if (have.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The command flags COMMAND INFO shows. */
    public static List<String> visibleFlags(Command cmd) {
        return Flags.names(cmd.flags() & ~HIDDEN_FLAGS);
    }

    /** The key-spec flags of the command's keys: RO/access for readers, RW/update for writers. */
    /** Redis's key-spec flags per command name, one list per key spec (resource {@code key-specs.txt}). */
    private static final Map<String, List<List<String>>> KEY_SPECS = loadKeySpecs();

    private static Map<String, List<List<String>>> loadKeySpecs() {
        Map<String, List<List<String>>> out = new HashMap<>();
        try (InputStream in = CommandDocsReply.class.getResourceAsStream("key-specs.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (line.startsWith("#") || eq < 0) {
                    continue;
                }
                List<List<String>> specs = new ArrayList<>();
                for (String spec : line.substring(eq + 1).split(";")) {
                    specs.add(List.of(spec.trim().split(" ")));
                }
                out.put(line.substring(0, eq), List.copyOf(specs));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The flags of the command's (single, range) key spec in COMMAND INFO and DOCS. */
    static List<String> keyFlags(Command cmd) {
        List<List<String>> specs = KEY_SPECS.get(cmd.fullName());
        if (specs != null && specs.size() == 1) {
            return specs.get(0);
        }
        return cmd.is(Flags.WRITE) ? List.of("RW", "update") : List.of("RO", "access");
    }

    /**
     * The flags COMMAND GETKEYSANDFLAGS reports for the {@code index}-th key the command's arguments name. The n-th key
     * takes the n-th key spec's flags (the last spec covers the remaining keys: BITOP's sources, ZINTERSTORE's
     * inputs). SET, BITFIELD and SORT decide per call, as Redis's key functions for them do: SET is an overwrite
     * unless GET reads the old value, BITFIELD only reads when every operation is a GET, SORT's STORE destination is
     * overwritten.
     */
    static List<String> keyFlags(Command cmd, byte[][] argv, int index) {
        switch (cmd.fullName()) {
            case "set":
                for (int i = 3; i < argv.length; i++) {
                    if (Text.is(argv[i], "get")) {
                        return List.of("RW", "access", "update");
                    }
                }
                return List.of("OW", "update");
            case "bitfield":
                return bitfieldReadOnly(argv) ? List.of("RO", "access") : List.of("RW", "access", "update");
            case "sort":
                return index == 0 ? List.of("RO", "access") : List.of("OW", "update");
            default:
                List<List<String>> specs = KEY_SPECS.get(cmd.fullName());
                if (specs == null) {
                    return keyFlags(cmd);
                }
                return specs.get(Math.min(index, specs.size() - 1));
        }
    }

    /** BITFIELD key [GET ...] [OVERFLOW ...]: read-only unless a SET/INCRBY (or anything malformed) comes first. */
    private static boolean bitfieldReadOnly(byte[][] argv) {
        for (int i = 2; i < argv.length; i++) {
            int more = argv.length - i - 1;
            if (Text.is(argv[i], "get") && more >= 2) {
                i += 2;
            } else if (Text.is(argv[i], "overflow") && more >= 1) {
                i += 1;
            } else {
                return false;
            }
        }
        return true;
    }

    static boolean hasKeys(Command cmd) {
        return cmd.firstKey() > 0 || cmd.keyFinder() != null;
    }

    // ---------------------------------------------------------------- COMMAND INFO

    static void info(ReplyWriter w, Command cmd) {
        w.array(10);
        w.bulk(cmd.fullName());
        w.integer(cmd.arity());
        statusSet(w, visibleFlags(cmd));
        w.integer(Math.max(0, cmd.firstKey()));
        w.integer(cmd.firstKey() > 0 ? cmd.lastKey() : 0);
        w.integer(cmd.firstKey() > 0 ? cmd.keyStep() : 0);
        List<String> cats = categories(cmd);
        w.set(cats.size());
        for (String c : cats) {
            w.simple("@" + c);
        }
        w.set(cmd.tips().size());
        for (String t : cmd.tips()) {
            w.bulk(t);
        }
        keySpecs(w, cmd);
        if (cmd.hasSubcommands()) {
            w.array(cmd.subcommands().size());
            for (Command sub : cmd.subcommands().values()) {
                info(w, sub);
            }
        } else {
            w.set(0);
        }
    }

    private static void keySpecs(ReplyWriter w, Command cmd) {
        boolean range = cmd.firstKey() > 0;
        boolean unknown = cmd.keyFinder() != null;
        w.set((range ? 1 : 0) + (unknown ? 1 : 0));
        if (range) {
            w.map(3);
            w.bulk("flags");
            statusSet(w, keyFlags(cmd));
            w.bulk("begin_search");
            w.map(2);
            w.bulk("type");
            w.bulk("index");
            w.bulk("spec");
            w.map(1);
            w.bulk("index");
            w.integer(cmd.firstKey());
            w.bulk("find_keys");
            w.map(2);
            w.bulk("type");
            w.bulk("range");
            w.bulk("spec");
            w.map(3);
            w.bulk("lastkey");
            w.integer(cmd.lastKey() < 0 ? cmd.lastKey() : cmd.lastKey() - cmd.firstKey());
            w.bulk("keystep");
            w.integer(cmd.keyStep());
            w.bulk("limit");
            w.integer(0);
        }
        if (unknown) {
            List<String> flags = new ArrayList<>(keyFlags(cmd));
            flags.add("incomplete");
            w.map(3);
            w.bulk("flags");
            statusSet(w, flags);
            w.bulk("begin_search");
            unknownSpec(w);
            w.bulk("find_keys");
            unknownSpec(w);
        }
    }

    private static void unknownSpec(ReplyWriter w) {
        w.map(2);
        w.bulk("type");
        w.bulk("unknown");
        w.bulk("spec");
        w.map(0);
    }

    private static void statusSet(ReplyWriter w, List<String> items) {
        w.set(items.size());
        for (String s : items) {
            w.simple(s);
        }
    }

    // ---------------------------------------------------------------- COMMAND DOCS

    static void docs(ReplyWriter w, Command cmd) {
        int n = 1;
        boolean summary = !cmd.summary().isEmpty();
        boolean since = !cmd.since().isEmpty();
        boolean complexity = !cmd.complexity().isEmpty();
        List<SyntaxArguments.Arg> arguments = cmd.hasSubcommands() ? List.of() : SyntaxArguments.parse(cmd);
        n += (summary ? 1 : 0) + (since ? 1 : 0) + (complexity ? 1 : 0) + (cmd.hasSubcommands() ? 1 : 0)
                + (arguments.isEmpty() ? 0 : 1);
        w.map(n);
        if (summary) {
            w.bulk("summary");
            w.bulk(cmd.summary());
        }
        if (since) {
            w.bulk("since");
            w.bulk(cmd.since());
        }
        w.bulk("group");
        w.bulk(cmd.group());
        if (complexity) {
            w.bulk("complexity");
            w.bulk(cmd.complexity());
        }
        if (!arguments.isEmpty()) {
            w.bulk("arguments");
            SyntaxArguments.write(w, arguments);
        }
        if (cmd.hasSubcommands()) {
            w.bulk("subcommands");
            w.map(cmd.subcommands().size());
            for (Command sub : cmd.subcommands().values()) {
                w.bulk(sub.fullName());
                docs(w, sub);
            }
        }
    }
}
