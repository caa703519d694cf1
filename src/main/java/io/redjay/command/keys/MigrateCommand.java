package io.redjay.command.keys;

import io.redjay.command.CommandContext;
import io.redjay.command.CommandError;
import io.redjay.command.Text;
import io.redjay.keyspace.Database;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.KeyEntry;
import io.redjay.persistence.rdb.RdbEncoder;
import io.redjay.types.Numbers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MIGRATE: moves keys to another instance (Redjay or Redis) as Redis does, synchronously: the values are sent as
 * RESTORE commands carrying DUMP payloads over a connection kept for the next MIGRATE to the same target (closed after
 * {@value #IDLE_MILLIS} ms unused, or on any error), each key is deleted here once the target acknowledged it (unless
 * COPY), and the command propagates as a DEL of exactly those keys. Like Redis's, it holds the executor for the
 * round trip, bounded by its timeout.
 */
public final class MigrateCommand {
    private static final long IDLE_MILLIS = 10_000;
    private static final Map<String, Target> SOCKETS = new HashMap<>();

    /** A cached connection and the database it last selected. */
    private static final class Target {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        int lastDb = -1;
        long lastUse;

        Target(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }
    }

    private MigrateCommand() {
    }

    /** INFO's {@code migrate_cached_sockets}. */
    public static int cachedSockets() {
        return SOCKETS.size();
    }

    /** The cron's share: connections unused for {@value #IDLE_MILLIS} ms are closed, as Redis's migrate cron does. */
    public static void closeIdle(long now) {
        SOCKETS.entrySet().removeIf(en -> {
            if (now - en.getValue().lastUse > IDLE_MILLIS) {
                closeQuietly(en.getValue());
                return true;
            }
            return false;
        });
    }

    /** The keys of a MIGRATE: the key argument, or with KEYS (and an empty key argument) the keys after it. */
    static int[] keys(byte[][] argv) {
        for (int j = 6; j < argv.length; j++) {
            if (Text.is(argv[j], "auth")) {
                j++;
            } else if (Text.is(argv[j], "auth2")) {
                j += 2;
            } else if (Text.is(argv[j], "keys") && argv.length > 3 && argv[3].length == 0) {
                int[] out = new int[argv.length - j - 1];
                for (int i = 0; i < out.length; i++) {
                    out[i] = j + 1 + i;
                }
                return out;
            }
        }
        return new int[] {3};
    }

    // MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password | AUTH2 username password]
    //         [KEYS key [key ...]]
    static void migrate(CommandContext ctx) {
        boolean copy = false;
        boolean replace = false;
        byte[] user = null;
        byte[] password = null;
        int firstKey = 3;
        int numKeys = 1;
        for (int j = 6; j < ctx.argc(); j++) {
            int more = ctx.argc() - j - 1;
            byte[] a = ctx.arg(j);
            if (Text.is(a, "copy")) {
                copy = true;
            } else if (Text.is(a, "replace")) {
                replace = true;
            } else if (Text.is(a, "auth")) {
                if (more == 0) {
                    throw CommandError.SYNTAX;
                }
                password = ctx.arg(++j);
            } else if (Text.is(a, "auth2")) {
                if (more < 2) {
                    throw CommandError.SYNTAX;
                }
                user = ctx.arg(++j);
                password = ctx.arg(++j);
            } else if (Text.is(a, "keys")) {
                if (ctx.arg(3).length != 0) {
                    throw CommandError.of("ERR When using MIGRATE KEYS option, the key argument must be set to the "
                            + "empty string");
                }
                firstKey = j + 1;
                numKeys = ctx.argc() - j - 1;
                break;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        long timeout = ctx.longArg(5);
        long dbid = ctx.longArg(4);
        if (timeout <= 0) {
            timeout = 1000;
        }
        Database db = ctx.db();
        List<KeyEntry> entries = new ArrayList<>();
        for (int i = 0; i < numKeys; i++) {
            KeyEntry e = db.lookup(ctx.arg(firstKey + i));
            if (e != null) {
                entries.add(e);
            }
        }
        if (entries.isEmpty()) {
            ctx.reply().simple("NOKEY");
            return;
        }
        String host = Text.latin1(ctx.arg(1));
        String port = Text.latin1(ctx.arg(2));
        boolean retried = false;
        while (true) {
            Target t;
            try {
                t = connect(host, port, (int) timeout, ctx.now());
            } catch (IOException e) {
                throw CommandError.of("IOERR error or timeout connecting to the client");
            }
            try {
                transfer(ctx, t, entries, (int) dbid, copy, replace, user, password);
                t.lastUse = ctx.now();
                return;
            } catch (Failure f) {
                close(host + ":" + port);
                if (!f.timedOut && !retried && f.nothingDone) {
                    retried = true;
                    continue;
                }
                throw CommandError.of("IOERR error or timeout " + (f.writing ? "writing" : "reading")
                        + " to target instance");
            }
        }
    }

    /** A socket failure: which side, whether it was the timeout, and whether anything was acknowledged before. */
    private static final class Failure extends Exception {
        final boolean writing;
        final boolean timedOut;
        final boolean nothingDone;

        Failure(boolean writing, IOException cause, boolean nothingDone) {
            super(cause);
            this.writing = writing;
            this.timedOut = cause instanceof SocketTimeoutException;
            this.nothingDone = nothingDone;
        }
    }

    private static void transfer(CommandContext ctx, Target t, List<KeyEntry> entries, int dbid, boolean copy,
                                 boolean replace, byte[] user, byte[] password) throws Failure {
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        if (password != null) {
            write(cmd, user == null ? new byte[][] {bytes("AUTH"), password}
                    : new byte[][] {bytes("AUTH"), user, password});
        }
        boolean select = t.lastDb != dbid;
        if (select) {
            write(cmd, bytes("SELECT"), Numbers.longToBytes(dbid));
        }
        List<KeyEntry> sent = new ArrayList<>();
        for (KeyEntry e : entries) {
            long ttl = 0;
            if (e.hasExpire()) {
                ttl = e.expireAt() - ctx.now();
                if (ttl < 0) {
                    continue;
                }
                ttl = Math.max(1, ttl);
            }
            byte[] payload = RdbEncoder.dumpPayload(e.value(), ctx.config().rdbcompression);
            if (replace) {
                write(cmd, bytes("RESTORE"), e.key(), Numbers.longToBytes(ttl), payload, bytes("REPLACE"));
            } else {
                write(cmd, bytes("RESTORE"), e.key(), Numbers.longToBytes(ttl), payload);
            }
            sent.add(e);
        }
        try {
            t.out.write(cmd.toByteArray());
            t.out.flush();
        } catch (IOException e) {
            throw new Failure(true, e, true);
        }
        String authReply = null;
        String selectReply = null;
        String error = null;
        List<byte[]> deleted = new ArrayList<>();
        deleted.add(bytes("DEL"));
        int done = 0;
        try {
            if (password != null) {
                authReply = line(t.in);
            }
            if (select) {
                selectReply = line(t.in);
            }
            for (KeyEntry e : sent) {
                String reply = line(t.in);
                done++;
                String failed = authReply != null && authReply.startsWith("-") ? authReply
                        : selectReply != null && selectReply.startsWith("-") ? selectReply
                        : reply.startsWith("-") ? reply : null;
                if (failed != null) {
                    if (error == null) {
                        t.lastDb = -1;
                        error = failed.substring(1);
                    }
                } else if (!copy) {
                    ctx.db().remove(e.key());
                    ctx.db().modified(e.key(), Events.GENERIC, "del");
                    deleted.add(e.key());
                }
            }
        } catch (IOException e) {
            if (done == 0 && error == null) {
                throw new Failure(false, e, true);
            }
            rewriteAsDel(ctx, copy, deleted);
            throw new Failure(false, e, false);
        }
        rewriteAsDel(ctx, copy, deleted);
        if (error != null) {
            throw CommandError.of("ERR Target instance replied with error: " + error);
        }
        if (select) {
            t.lastDb = dbid;
        }
        ctx.reply().ok();
    }

    private static void rewriteAsDel(CommandContext ctx, boolean copy, List<byte[]> deleted) {
        if (copy || deleted.size() == 1) {
            ctx.preventPropagation();
        } else {
            ctx.propagateAs(deleted.toArray(new byte[0][]));
        }
    }

    private static Target connect(String host, String port, int timeout, long now) throws IOException {
        closeIdle(now);
        String name = host + ":" + port;
        Target t = SOCKETS.get(name);
        if (t != null) {
            t.socket.setSoTimeout(timeout);
            return t;
        }
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, Integer.parseInt(port)), timeout);
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeout);
        t = new Target(s);
        t.lastUse = now;
        SOCKETS.put(name, t);
        return t;
    }

    private static void close(String name) {
        Target t = SOCKETS.remove(name);
        if (t != null) {
            closeQuietly(t);
        }
    }

    private static void closeQuietly(Target t) {
        try {
            t.socket.close();
        } catch (IOException ignored) {
            // already broken: nothing more to release
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static void write(ByteArrayOutputStream out, byte[]... args) {
        out.writeBytes(bytes("*" + args.length + "\r\n"));
        for (byte[] a : args) {
            out.writeBytes(bytes("$" + a.length + "\r\n"));
            out.writeBytes(a);
            out.writeBytes(bytes("\r\n"));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
