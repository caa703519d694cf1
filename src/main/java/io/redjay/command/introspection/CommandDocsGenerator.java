package io.redjay.command.introspection;

import io.redjay.command.Command;
import io.redjay.command.CommandTable;
import io.redjay.command.introspection.CommandDocsReply;
import io.redjay.config.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders {@code docs/commands.md}, the reference list of every command Redjay implements, from the command table:
 * the file is generated, never edited, so it cannot drift from what the server actually declares. A unit test
 * renders it again and fails when the committed file differs, telling how to refresh it.
 *
 * <p>Commands are grouped by their Redis group, groups and commands in alphabetical order, subcommands right after
 * their container. Table cells escape the characters Markdown would otherwise interpret ({@code |}).
 */
public final class CommandDocsGenerator {
    private CommandDocsGenerator() {
    }

    public static String render(CommandTable table) {
        Map<String, List<Command>> groups = new TreeMap<>();
        int subcommands = 0;
        for (Command c : table.allWithSubcommands()) {
            groups.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c);
            if (c.parent() != null) {
                subcommands++;
            }
        }
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("# Redjay commands\n\n");
        out.append("Generated from the command table by `io.redjay.command.introspection.CommandDocsGenerator`; ")
                .append("do not edit by hand.")
                .append("\nRegenerate with `mvn -q -B -o test -Dtest=CommandDocsTest -Dredjay.updateDocs=true`.\n\n");
        out.append(table.size()).append(" commands and ").append(subcommands).append(" subcommands, compatible with ")
                .append("Redis ").append(Version.REDIS).append(".\n\n");
        out.append("Arity: a positive number is the exact argument count including the command name; a negative ")
                .append("number is a minimum. Keys: first, last and step key positions (last -1 is the last ")
                .append("argument); `movable` when the positions depend on the arguments.\n");
        for (Map.Entry<String, List<Command>> g : groups.entrySet()) {
            out.append("\n## ").append(g.getKey()).append("\n\n");
            out.append("| Command | Syntax | Summary | Complexity | Since | Arity | Flags | Keys | ACL categories |\n");
            out.append("|---|---|---|---|---|---|---|---|---|\n");
            for (Command c : g.getValue()) {
                row(out, c);
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, Command c) {
        out.append("| ").append(cell(c.fullName().toUpperCase(java.util.Locale.ROOT).replace('|', ' ')))
                .append(" | ").append(c.syntax().isEmpty() ? "" : "`" + cell(c.syntax()) + "`")
                .append(" | ").append(cell(c.summary()))
                .append(" | ").append(cell(c.complexity()))
                .append(" | ").append(cell(c.since()))
                .append(" | ").append(c.arity())
                .append(" | ").append(String.join(" ", CommandDocsReply.visibleFlags(c)))
                .append(" | ").append(keys(c))
                .append(" | ").append(categories(c))
                .append(" |\n");
    }

    private static String keys(Command c) {
        if (c.keyFinder() != null) {
            return "movable";
        }
        if (c.firstKey() <= 0) {
            return "";
        }
        return c.firstKey() + ", " + c.lastKey() + ", " + c.keyStep();
    }

    private static String categories(Command c) {
        StringBuilder b = new StringBuilder();
        for (String cat : CommandDocsReply.categories(c)) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append('@').append(cat);
        }
        return b.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
