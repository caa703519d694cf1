package io.redjay.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the declarations of a command group from its {@code commands.txt} and registers them in the table.
 *
 * <p><b>Why a data file.</b> A command's declaration is facts (arity, flags, key positions, ACL categories, group,
 * version, summary, syntax, complexity) plus the name of the code that runs it. Written as Java, two hundred of them
 * are two hundred copies of the same builder chain; written as data, each is a short block a reader scans like
 * Redis's own {@code src/commands/*.json}, and the Java of a group is only its handlers. The file sits in the group's
 * resource folder ({@code io/redjay/command/strings/commands.txt} beside {@code io.redjay.command.strings}).
 *
 * <p><b>Format.</b> A line {@code group <name>} sets the group of the declarations that follow. A declaration starts
 * with the command's name on a line of its own ({@code container|sub} for a subcommand, after its container) and
 * continues with indented attributes: {@code arity}, {@code flags}, {@code keys first last step}, {@code keyfinder
 * Class.method}, {@code acl}, {@code tips}, {@code group}, {@code since}, {@code summary}, {@code syntax},
 * {@code complexity} and {@code handler Class.method}. Any command may have subcommands; one without a handler is
 * only their container. {@code #} starts a comment line.
 *
 * <p><b>Binding.</b> {@code handler HashCommands.hset} names a static method {@code hset(CommandContext)} of a class
 * of the group's package (it may be package-private). It is bound once, at start-up, into a {@link Handler} through
 * {@link LambdaMetafactory}: the same kind of object a method reference would give, so dispatch costs what it did
 * when the table was Java. A misspelt handler, an unknown attribute or a missing container fails start-up with the
 * file and line.
 */
public final class CommandDeclarations {
    private static final MethodType HANDLER = MethodType.methodType(void.class, CommandContext.class);
    private static final MethodType FINDER = MethodType.methodType(int[].class, byte[][].class);

    private CommandDeclarations() {
    }

    /** Registers the commands of the group whose classes live in package {@code io.redjay.command.<group>}. */
    public static void load(CommandTable table, String group) {
        String pkg = "io.redjay.command." + group;
        String resource = "/io/redjay/command/" + group + "/commands.txt";
        try (InputStream in = CommandDeclarations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no command declarations at " + resource);
            }
            new Reader(table, pkg, resource).read(new BufferedReader(new InputStreamReader(in,
                    StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** One file being read: the declaration in progress and the file's current group. */
    private static final class Reader {
        private final CommandTable table;
        private final String pkg;
        private final String resource;
        private final Map<String, Command> containers = new HashMap<>();
        private String group = "generic";
        private Map<String, String> attrs;
        private String name;
        private int startLine;

        Reader(CommandTable table, String pkg, String resource) {
            this.table = table;
            this.pkg = pkg;
            this.resource = resource;
        }

        void read(BufferedReader r) throws IOException {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (Character.isWhitespace(line.charAt(0))) {
                    if (attrs == null) {
                        throw error(n, "attribute outside a declaration");
                    }
                    String t = line.strip();
                    int sp = t.indexOf(' ');
                    String key = sp < 0 ? t : t.substring(0, sp);
                    if (attrs.put(key, sp < 0 ? "" : t.substring(sp + 1)) != null) {
                        throw error(n, "repeated attribute " + key);
                    }
                    continue;
                }
                finish();
                if (line.startsWith("group ")) {
                    group = line.substring(6).strip();
                    continue;
                }
                name = line.strip();
                attrs = new HashMap<>();
                startLine = n;
            }
            finish();
        }

        private void finish() {
            if (attrs == null) {
                return;
            }
            Map<String, String> a = attrs;
            attrs = null;
            int bar = name.indexOf('|');
            CommandBuilder b;
            int arity = Integer.parseInt(required(a, "arity"));
            if (bar < 0) {
                b = table.command(name, arity);
            } else {
                Command container = containers.get(name.substring(0, bar));
                if (container == null) {
                    throw error(startLine, "subcommand before its container");
                }
                b = table.subcommand(container, name.substring(bar + 1), arity);
            }
            b.flags(a.getOrDefault("flags", ""));
            String keys = a.remove("keys");
            if (keys != null) {
                String[] k = keys.split(" ");
                b.keys(Integer.parseInt(k[0]), Integer.parseInt(k[1]), Integer.parseInt(k[2]));
            }
            String finder = a.remove("keyfinder");
            if (finder != null) {
                b.keys(bind(finder, FINDER, KeyFinder.class, "find"));
            }
            b.acl(a.getOrDefault("acl", ""));
            b.tips(a.getOrDefault("tips", ""));
            b.doc(a.getOrDefault("group", group), required(a, "since"), a.getOrDefault("summary", ""),
                    a.getOrDefault("syntax", ""), a.getOrDefault("complexity", ""));
            for (String k : a.keySet()) {
                if (!k.equals("arity") && !k.equals("flags") && !k.equals("acl") && !k.equals("group")
                        && !k.equals("since") && !k.equals("summary") && !k.equals("syntax")
                        && !k.equals("complexity") && !k.equals("handler") && !k.equals("tips")) {
                    throw error(startLine, "unknown attribute " + k);
                }
            }
            String handler = a.get("handler");
            Command c = handler == null ? b.container() : b.handler(bind(handler, HANDLER, Handler.class, "execute"));
            if (bar < 0) {
                containers.put(name, c);
            }
        }

        private String required(Map<String, String> a, String key) {
            String v = a.get(key);
            if (v == null) {
                throw error(startLine, "missing " + key);
            }
            return v;
        }

        /** Binds {@code Class.method} of the group's package to a functional interface, as a method reference would. */
        private <T> T bind(String ref, MethodType type, Class<T> iface, String ifaceMethod) {
            int dot = ref.indexOf('.');
            if (dot < 0) {
                throw error(startLine, "expected Class.method, got " + ref);
            }
            try {
                Class<?> cls = Class.forName(pkg + "." + ref.substring(0, dot));
                MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(cls, MethodHandles.lookup());
                MethodHandle target = lookup.findStatic(cls, ref.substring(dot + 1), type);
                return iface.cast(LambdaMetafactory.metafactory(lookup, ifaceMethod, MethodType.methodType(iface),
                        type, target, type).getTarget().invoke());
            } catch (Throwable e) {
                throw new IllegalStateException(resource + ":" + startLine + ": cannot bind " + ref + ": " + e, e);
            }
        }

        private IllegalStateException error(int line, String message) {
            return new IllegalStateException(resource + ":" + line + ": " + name + ": " + message);
        }
    }
}
