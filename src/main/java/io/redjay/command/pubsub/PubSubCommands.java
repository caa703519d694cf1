package io.redjay.command.pubsub;

import io.redjay.client.Client;
import io.redjay.command.CommandContext;
import io.redjay.command.Help;
import io.redjay.command.Propagator;
import io.redjay.command.Text;
import io.redjay.pubsub.PubSub;

import java.util.List;

/**
 * Pub/sub commands: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH and the PUBSUB introspection container.
 *
 * <p>The handlers are thin: the registry ({@link PubSub}) owns subscriptions and delivery and writes the
 * confirmations, because confirmations carry the client's subscription count at that moment. What stays here is
 * the part that belongs to command semantics: entering and leaving subscribed mode (SUBSCRIBE enters it even when
 * every channel was already subscribed; UNSUBSCRIBE leaves it only when nothing of any kind is left), marking the
 * confirmations as pushes so they survive CLIENT REPLY OFF as in Redis, and the RESP2 subscribed-mode whitelist the
 * dispatcher consults.
 *
 * <p>Shard channels behave as in a non-cluster Redis 7.0: a separate namespace with its own count, no patterns.
 */
public final class PubSubCommands {
    private PubSubCommands() {
    }

    /** PING in RESP2 subscribed mode: {@code ["pong", message]}, since a bare status would look like a message. */
    public static boolean pingWhileSubscribed(Client c, byte[][] argv) {
        if (!c.subscribed() || c.protocolVersion() != 2) {
            return false;
        }
        c.reply().array(2);
        c.reply().bulk(PONG);
        c.reply().bulk(argv.length == 1 ? EMPTY : argv[1]);
        return true;
    }

    private static final byte[] PONG = {'p', 'o', 'n', 'g'};
    private static final byte[] EMPTY = {};

    // SUBSCRIBE channel [channel ...]
    static void subscribe(CommandContext ctx) {
        Client c = ctx.client();
        PubSub ps = ctx.server().pubsub();
        for (int i = 1; i < ctx.argc(); i++) {
            ps.subscribe(c, ctx.arg(i));
        }
        ps.enterSubscribedMode(c);
        c.pushing();
    }

    // UNSUBSCRIBE [channel [channel ...]]
    static void unsubscribe(CommandContext ctx) {
        Client c = ctx.client();
        PubSub ps = ctx.server().pubsub();
        if (ctx.argc() == 1) {
            ps.unsubscribeAll(c);
        } else {
            for (int i = 1; i < ctx.argc(); i++) {
                ps.unsubscribe(c, ctx.arg(i));
            }
        }
        ps.leaveSubscribedModeIfIdle(c);
        c.pushing();
    }

    // PSUBSCRIBE pattern [pattern ...]
    static void psubscribe(CommandContext ctx) {
        Client c = ctx.client();
        PubSub ps = ctx.server().pubsub();
        for (int i = 1; i < ctx.argc(); i++) {
            ps.psubscribe(c, ctx.arg(i));
        }
        ps.enterSubscribedMode(c);
        c.pushing();
    }

    // PUNSUBSCRIBE [pattern [pattern ...]]
    static void punsubscribe(CommandContext ctx) {
        Client c = ctx.client();
        PubSub ps = ctx.server().pubsub();
        if (ctx.argc() == 1) {
            ps.punsubscribeAll(c);
        } else {
            for (int i = 1; i < ctx.argc(); i++) {
                ps.punsubscribe(c, ctx.arg(i));
            }
        }
        ps.leaveSubscribedModeIfIdle(c);
        c.pushing();
    }

    // SSUBSCRIBE shardchannel [shardchannel ...]
    static void ssubscribe(CommandContext ctx) {
        Client c = ctx.client();
        PubSub ps = ctx.server().pubsub();
        for (int i = 1; i < ctx.argc(); i++) {
            ps.ssubscribe(c, ctx.arg(i));
        }
        ps.enterSubscribedMode(c);
        c.pushing();
    }

    // SUNSUBSCRIBE [shardchannel [shardchannel ...]]
    static void sunsubscribe(CommandContext ctx) {
        Client c = ctx.client();
        PubSub ps = ctx.server().pubsub();
        if (ctx.argc() == 1) {
            ps.sunsubscribeAll(c);
        } else {
            for (int i = 1; i < ctx.argc(); i++) {
                ps.sunsubscribe(c, ctx.arg(i));
            }
        }
        ps.leaveSubscribedModeIfIdle(c);
        c.pushing();
    }

    // PUBLISH channel message
    static void publish(CommandContext ctx) {
        int receivers = ctx.server().pubsub().publish(ctx.arg(1), ctx.arg(2));
        ctx.forcePropagation(Propagator.REPL);
        ctx.reply().integer(receivers);
    }

    // SPUBLISH shardchannel message
    static void spublish(CommandContext ctx) {
        int receivers = ctx.server().pubsub().spublish(ctx.arg(1), ctx.arg(2));
        ctx.reply().integer(receivers);
    }

    // PUBSUB CHANNELS [pattern]
    static void channels(CommandContext ctx) {
        listChannels(ctx, false);
    }

    // PUBSUB SHARDCHANNELS [pattern]
    static void shardchannels(CommandContext ctx) {
        listChannels(ctx, true);
    }

    private static void listChannels(CommandContext ctx, boolean shard) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        if (argv.length > 3) {
            syntaxError(c, argv);
            return;
        }
        List<byte[]> names = ctx.server().pubsub().channels(argv.length == 3 ? argv[2] : null, shard);
        c.reply().array(names.size());
        for (byte[] n : names) {
            c.reply().bulk(n);
        }
    }

    // PUBSUB NUMSUB [channel [channel ...]]
    static void numsub(CommandContext ctx) {
        countSubscribers(ctx, false);
    }

    // PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]
    static void shardnumsub(CommandContext ctx) {
        countSubscribers(ctx, true);
    }

    private static void countSubscribers(CommandContext ctx, boolean shard) {
        Client c = ctx.client();
        byte[][] argv = ctx.argv();
        PubSub ps = ctx.server().pubsub();
        c.reply().array((argv.length - 2) * 2);
        for (int i = 2; i < argv.length; i++) {
            c.reply().bulk(argv[i]);
            c.reply().integer(ps.subscribers(argv[i], shard));
        }
    }

    // PUBSUB NUMPAT
    static void numpat(CommandContext ctx) {
        ctx.reply().integer(ctx.server().pubsub().patternCount());
    }

    // PUBSUB HELP
    static void help(CommandContext ctx) {
        Client c = ctx.client();
        Help.reply(c, "PUBSUB",
                "CHANNELS [<pattern>]",
                "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT",
                "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]",
                "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).",
                "SHARDCHANNELS [<pattern>]",
                "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                "SHARDNUMSUB [<shardchannel> ...]",
                "    Return the number of subscribers for the specified shard level channel(s)");
    }

    private static void syntaxError(Client c, byte[][] argv) {
        c.reply().error("ERR unknown subcommand or wrong number of arguments for '" + Text.latin1(argv[1], 128)
                + "'. Try PUBSUB HELP.");
    }
}
