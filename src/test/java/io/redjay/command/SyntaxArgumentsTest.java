package io.redjay.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The argument trees derived from syntax lines must render back, the way redis-cli renders COMMAND DOCS into its
 * hints, to the documented syntax.
 */
class SyntaxArgumentsTest {
    private static String hint(String name, String syntax) {
        CommandTable t = new CommandTable();
        Command c = t.command(name, -1).doc("generic", "1.0.0", "", syntax, "").handler(ctx -> { });
        return render(SyntaxArguments.parse(c), " ");
    }

    /** redis-cli's cliConcatArguments/cliAddArgument, reimplemented over the tree. */
    private static String render(List<SyntaxArguments.Arg> args, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(sep);
            }
            SyntaxArguments.Arg a = args.get(i);
            String repeat = switch (a.type) {
                case "oneof" -> render(a.children, "|");
                case "block" -> render(a.children, " ");
                case "pure-token" -> "";
                default -> a.name;
            };
            String token = a.token == null ? "" : a.token + (a.type.equals("pure-token") ? "" : " ");
            StringBuilder p = new StringBuilder();
            p.append(token).append(repeat);
            if (a.multiple) {
                p.append(" [").append(repeat).append(" ...]");
            }
            sb.append(a.optional ? "[" + p + "]" : p.toString());
        }
        return sb.toString();
    }

    @Test
    void rendersLikeTheDocumentation() {
        assertEquals("key value [NX|XX] [GET] [EX seconds|PX milliseconds|KEEPTTL]",
                hint("set", "SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]"));
        assertEquals("key [key ...]", hint("del", "DEL key [key ...]"));
        assertEquals("timeout numkeys key [key ...] MIN|MAX [COUNT count]",
                hint("bzmpop", "BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]"));
        assertEquals("key [LIMIT offset count]", hint("x", "X key [LIMIT offset count]"));
        assertEquals("", hint("ping", "PING"));
    }

    @Test
    void emptyGroupsAreDropped() {
        assertEquals("key", hint("x", "X key []"));
    }
}
