package io.redjay.command;

import io.redjay.protocol.ReplyWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a command's declared syntax line ({@code SET key value [NX | XX] [GET] [EX seconds | PX milliseconds]}) into
 * the argument tree COMMAND DOCS reports, so that the syntax written once in the declaration also feeds redis-cli's
 * interactive hints (redis-cli 7 builds them from COMMAND DOCS).
 *
 * <p>The notation is the one of Redis's documentation: {@code [...]} optional, {@code <...>} grouping, {@code |}
 * alternatives, {@code x [x ...]} or {@code x ...} repetition, UPPERCASE tokens followed by their lowercase value
 * name, a lone UPPERCASE word a pure token. Inside a group {@code |} separates whole alternatives; at the top level
 * it joins the two neighbouring items ({@code MIN | MAX}).
 */
public final class SyntaxArguments {
    private SyntaxArguments() {
    }

    /** One node of the argument tree. */
    public static final class Arg {
        String name;
        String type;
        String token;
        boolean optional;
        boolean multiple;
        List<Arg> children = new ArrayList<>();
    }

    /** Parses the arguments of {@code syntax}, skipping the command (and subcommand) name words. */
    public static List<Arg> parse(Command cmd) {
        String syntax = cmd.syntax();
        if (syntax == null || syntax.isBlank()) {
            return List.of();
        }
        List<String> tokens = tokenize(syntax);
        int skip = cmd.parent() == null ? 1 : 2;
        List<String> rest = tokens.size() >= skip ? tokens.subList(skip, tokens.size()) : List.of();
        int[] pos = {0};
        return sequence(rest, pos, true);
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if ("[]<>|".indexOf(ch) >= 0 || Character.isWhitespace(ch)) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
                if (!Character.isWhitespace(ch)) {
                    out.add(String.valueOf(ch));
                }
            } else {
                word.append(ch);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }

    private static List<Arg> sequence(List<String> t, int[] pos, boolean topLevel) {
        List<List<Arg>> alternatives = new ArrayList<>();
        List<Arg> current = new ArrayList<>();
        boolean joinNext = false;
        while (pos[0] < t.size()) {
            String tok = t.get(pos[0]);
            if (tok.equals("]") || tok.equals(">")) {
                break;
            }
            pos[0]++;
            if (tok.equals("|")) {
                if (topLevel) {
                    joinNext = true;
                } else {
                    alternatives.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            Arg item;
            if (tok.equals("[") || tok.equals("<")) {
                List<Arg> inner = sequence(t, pos, false);
                if (pos[0] < t.size()) {
                    pos[0]++;
                }
                if (tok.equals("[") && !current.isEmpty() && isRepeatOf(current.get(current.size() - 1), inner)) {
                    current.get(current.size() - 1).multiple = true;
                    continue;
                }
                if (inner.isEmpty()) {
                    continue;
                }
                item = group(inner);
                item.optional |= tok.equals("[");
            } else if (tok.equals("...")) {
                if (!current.isEmpty()) {
                    current.get(current.size() - 1).multiple = true;
                }
                continue;
            } else if (isToken(tok)) {
                item = new Arg();
                item.token = tok;
                String next = pos[0] < t.size() ? t.get(pos[0]) : "";
                if (!next.isEmpty() && !isToken(next) && "[]<>|".indexOf(next.charAt(0)) < 0 && !next.equals("...")) {
                    pos[0]++;
                    item.name = next;
                    item.type = typeOf(next);
                } else {
                    item.name = tok.toLowerCase(Locale.ROOT);
                    item.type = "pure-token";
                }
            } else {
                item = new Arg();
                item.name = tok;
                item.type = typeOf(tok);
            }
            if (joinNext && !current.isEmpty()) {
                Arg prev = current.remove(current.size() - 1);
                Arg oneof;
                if ("oneof".equals(prev.type) && prev.name.equals("alternatives")) {
                    oneof = prev;
                } else {
                    oneof = new Arg();
                    oneof.name = "alternatives";
                    oneof.type = "oneof";
                    oneof.children.add(prev);
                }
                oneof.children.add(item);
                item = oneof;
            }
            joinNext = false;
            current.add(item);
        }
        if (alternatives.isEmpty()) {
            return current;
        }
        alternatives.add(current);
        Arg oneof = new Arg();
        oneof.name = "alternatives";
        oneof.type = "oneof";
        for (List<Arg> alt : alternatives) {
            if (!alt.isEmpty()) {
                oneof.children.add(group(alt));
            }
        }
        if (oneof.children.size() == 1) {
            return List.of(oneof.children.get(0));
        }
        List<Arg> single = new ArrayList<>();
        single.add(oneof);
        return single;
    }

    /** {@code key [key ...]}: the bracket repeats the previous argument. */
    private static boolean isRepeatOf(Arg previous, List<Arg> inner) {
        if (inner.size() != 1) {
            return false;
        }
        Arg a = inner.get(0);
        return a.multiple && a.name != null && a.name.equals(previous.name)
                && (a.token == null ? previous.token == null : a.token.equals(previous.token));
    }

    private static Arg group(List<Arg> inner) {
        if (inner.size() == 1) {
            return inner.get(0);
        }
        Arg block = new Arg();
        block.name = "block";
        block.type = "block";
        block.children.addAll(inner);
        return block;
    }

    private static boolean isToken(String w) {
        boolean letter = false;
        for (int i = 0; i < w.length(); i++) {
            char ch = w.charAt(i);
            if (Character.isLowerCase(ch)) {
                return false;
            }
            letter |= Character.isUpperCase(ch);
        }
        return letter;
    }

    private static String typeOf(String name) {
        if (name.contains("key") || name.equals("source") || name.equals("destination")) {
            return "key";
        }
        if (name.equals("pattern")) {
            return "pattern";
        }
        if (name.startsWith("unix-time")) {
            return "unix-time";
        }
        return "string";
    }

    /** Writes the argument array of COMMAND DOCS. */
    public static void write(ReplyWriter w, List<Arg> args) {
        w.array(args.size());
        for (Arg a : args) {
            writeArg(w, a);
        }
    }

    private static void writeArg(ReplyWriter w, Arg a) {
        List<String> flags = new ArrayList<>();
        if (a.optional) {
            flags.add("optional");
        }
        if (a.multiple) {
            flags.add("multiple");
        }
        int fields = 2 + (a.token != null ? 1 : 0) + (flags.isEmpty() ? 0 : 1) + (a.children.isEmpty() ? 0 : 1);
        w.map(fields);
        w.bulk("name");
        w.bulk(a.name);
        w.bulk("type");
        w.bulk(a.type);
        if (a.token != null) {
            w.bulk("token");
            w.bulk(a.token);
        }
        if (!flags.isEmpty()) {
            w.bulk("flags");
            w.set(flags.size());
            for (String f : flags) {
                w.simple(f);
            }
        }
        if (!a.children.isEmpty()) {
            w.bulk("arguments");
            write(w, a.children);
        }
    }
}
