package io.redjay.pubsub;

import io.redjay.client.Client;
import io.redjay.client.OutputBufferLimit;
import io.redjay.keyspace.Events;
import io.redjay.keyspace.Glob;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's subscription registry and message router, owned by the executor thread like the rest of the state.
 *
 * <p>Each kind of subscription (channels, patterns, shard channels) is kept twice, as Redis keeps it: name to
 * subscribers here, for PUBLISH, and client to names in the client's {@link Subscriptions}, for UNSUBSCRIBE without
 * arguments and for cleanup when the client leaves. A name whose last subscriber leaves is dropped at once, so
 * subscribing to millions of throwaway channels cannot leave garbage behind. Subscriber sets keep subscription
 * order, which is the order messages are delivered in.
 *
 * <p>A PUBLISH encodes its message once ({@link Frames}) and appends those bytes to every receiver's output buffer;
 * the buffers go out together at the end of the executor's current task. Each receiver's output-buffer limit is
 * checked right after its append ({@link OutputBufferLimit}), because the whole point of the pub/sub limit is that a
 * subscriber that stopped reading must be cut off while a fast publisher keeps going, before its backlog costs
 * unbounded memory. Clients already closed by such a limit still count as receivers (Redis frees them
 * asynchronously too) but are sent nothing.
 */
public final class PubSub {
    private final Map<ChannelName, Set<Client>> channels = new LinkedHashMap<>();
    private final Map<ChannelName, Set<Client>> patterns = new LinkedHashMap<>();
    private final Map<ChannelName, Set<Client>> shardChannels = new LinkedHashMap<>();

    // ---------------------------------------------------------------- subscribing

    public void subscribe(Client c, byte[] channel) {
        Subscriptions s = of(c);
        add(channels, s.channels, c, channel);
        Frames.confirm(c.reply(), Frames.SUBSCRIBE, channel, s.count());
    }

    public void psubscribe(Client c, byte[] pattern) {
        Subscriptions s = of(c);
        add(patterns, s.patterns, c, pattern);
        Frames.confirm(c.reply(), Frames.PSUBSCRIBE, pattern, s.count());
    }

    public void ssubscribe(Client c, byte[] channel) {
        Subscriptions s = of(c);
        add(shardChannels, s.shardChannels, c, channel);
        Frames.confirm(c.reply(), Frames.SSUBSCRIBE, channel, s.shardChannelCount());
    }

    public void unsubscribe(Client c, byte[] channel) {
        Subscriptions s = of(c);
        remove(channels, s.channels, c, new ChannelName(channel));
        Frames.confirm(c.reply(), Frames.UNSUBSCRIBE, channel, s.count());
    }

    public void punsubscribe(Client c, byte[] pattern) {
        Subscriptions s = of(c);
        remove(patterns, s.patterns, c, new ChannelName(pattern));
        Frames.confirm(c.reply(), Frames.PUNSUBSCRIBE, pattern, s.count());
    }

    public void sunsubscribe(Client c, byte[] channel) {
        Subscriptions s = of(c);
        remove(shardChannels, s.shardChannels, c, new ChannelName(channel));
        Frames.confirm(c.reply(), Frames.SUNSUBSCRIBE, channel, s.shardChannelCount());
    }

    /** UNSUBSCRIBE without arguments: one confirmation per channel, or one with a null channel if there was none. */
    public void unsubscribeAll(Client c) {
        Subscriptions s = of(c);
        if (s.channels.isEmpty()) {
            Frames.confirm(c.reply(), Frames.UNSUBSCRIBE, null, s.count());
            return;
        }
        for (ChannelName n : new ArrayList<>(s.channels)) {
            unsubscribe(c, n.bytes);
        }
    }

    public void punsubscribeAll(Client c) {
        Subscriptions s = of(c);
        if (s.patterns.isEmpty()) {
            Frames.confirm(c.reply(), Frames.PUNSUBSCRIBE, null, s.count());
            return;
        }
        for (ChannelName n : new ArrayList<>(s.patterns)) {
            punsubscribe(c, n.bytes);
        }
    }

    public void sunsubscribeAll(Client c) {
        Subscriptions s = of(c);
        if (s.shardChannels.isEmpty()) {
            Frames.confirm(c.reply(), Frames.SUNSUBSCRIBE, null, s.shardChannelCount());
            return;
        }
        for (ChannelName n : new ArrayList<>(s.shardChannels)) {
            sunsubscribe(c, n.bytes);
        }
    }

    /** After a SUBSCRIBE-family command: the client is in subscribed mode. */
    public void enterSubscribedMode(Client c) {
        of(c).subscribedMode(true);
    }

    /** After an UNSUBSCRIBE-family command: subscribed mode ends with the last subscription of any kind. */
    public void leaveSubscribedModeIfIdle(Client c) {
        Subscriptions s = c.pubsub();
        if (s != null && s.total() == 0) {
            s.subscribedMode(false);
        }
    }

    /** RESET and disconnection: drops every subscription without confirmations. */
    public void clientGone(Client c) {
        Subscriptions s = c.pubsub();
        if (s == null) {
            return;
        }
        for (ChannelName n : s.channels) {
            detach(channels, c, n);
        }
        for (ChannelName n : s.patterns) {
            detach(patterns, c, n);
        }
        for (ChannelName n : s.shardChannels) {
            detach(shardChannels, c, n);
        }
        c.pubsub(null);
    }

    private static Subscriptions of(Client c) {
        Subscriptions s = c.pubsub();
        if (s == null) {
            s = new Subscriptions();
            c.pubsub(s);
        }
        return s;
    }

    private static void add(Map<ChannelName, Set<Client>> registry, Set<ChannelName> own, Client c, byte[] name) {
        ChannelName n = new ChannelName(name);
        if (own.add(n)) {
            registry.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(c);
        }
    }

    private static void remove(Map<ChannelName, Set<Client>> registry, Set<ChannelName> own, Client c,
                               ChannelName n) {
        if (own.remove(n)) {
            detach(registry, c, n);
        }
    }

    private static void detach(Map<ChannelName, Set<Client>> registry, Client c, ChannelName n) {
        Set<Client> subscribers = registry.get(n);
        if (subscribers != null && subscribers.remove(c) && subscribers.isEmpty()) {
            registry.remove(n);
        }
    }

    // ---------------------------------------------------------------- publishing

    /** PUBLISH: delivers to the channel's subscribers, then to every matching pattern's; returns the receivers. */
    public int publish(byte[] channel, byte[] message) {
        int receivers = 0;
        Set<Client> direct = channels.isEmpty() ? null : channels.get(new ChannelName(channel));
        if (direct != null) {
            byte[] frame = Frames.encode(Frames.MESSAGE, channel, message);
            for (Client c : direct) {
                deliver(c, frame);
                receivers++;
            }
        }
        for (Map.Entry<ChannelName, Set<Client>> e : patterns.entrySet()) {
            byte[] pattern = e.getKey().bytes;
            if (!Glob.match(pattern, channel)) {
                continue;
            }
            byte[] frame = Frames.encode(Frames.PMESSAGE, pattern, channel, message);
            for (Client c : e.getValue()) {
                deliver(c, frame);
                receivers++;
            }
        }
        return receivers;
    }

    /** SPUBLISH: shard channels have no patterns. */
    public int spublish(byte[] channel, byte[] message) {
        Set<Client> direct = shardChannels.isEmpty() ? null : shardChannels.get(new ChannelName(channel));
        if (direct == null) {
            return 0;
        }
        byte[] frame = Frames.encode(Frames.SMESSAGE, channel, message);
        for (Client c : direct) {
            deliver(c, frame);
        }
        return direct.size();
    }

    private static void deliver(Client c, byte[] frame) {
        if (c.closed()) {
            return;
        }
        Frames.write(c.reply(), frame);
        OutputBufferLimit.enforce(c);
    }

    /**
     * Redis's {@code notifyKeyspaceEvent}: publishes {@code event} on {@code __keyspace@<db>__:<key>} and the key on
     * {@code __keyevent@<db>__:<event>}, as {@code flags} (notify-keyspace-events) ask. The caller has checked that
     * the event's class is enabled; with nobody subscribed at all there is nothing to build.
     */
    public void notifyKeyspaceEvent(int flags, int dbId, String event, byte[] key) {
        if (channels.isEmpty() && patterns.isEmpty()) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & Events.KEYSPACE) != 0) {
            publish(concat("__keyspace@" + dbId + "__:", key), eventBytes);
        }
        if ((flags & Events.KEYEVENT) != 0) {
            publish(concat("__keyevent@" + dbId + "__:", eventBytes), key);
        }
    }

    private static byte[] concat(String prefix, byte[] tail) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[p.length + tail.length];
        System.arraycopy(p, 0, out, 0, p.length);
        System.arraycopy(tail, 0, out, p.length, tail.length);
        return out;
    }

    // ---------------------------------------------------------------- introspection

    /** PUBSUB CHANNELS / SHARDCHANNELS: active names matching {@code pattern} (all when null). */
    public List<byte[]> channels(byte[] pattern, boolean shard) {
        List<byte[]> out = new ArrayList<>();
        for (ChannelName n : (shard ? shardChannels : channels).keySet()) {
            if (pattern == null || Glob.match(pattern, n.bytes)) {
                out.add(n.bytes);
            }
        }
        return out;
    }

    /** PUBSUB NUMSUB / SHARDNUMSUB: direct subscribers of one channel (pattern subscribers not counted). */
    public int subscribers(byte[] channel, boolean shard) {
        Set<Client> s = (shard ? shardChannels : channels).get(new ChannelName(channel));
        return s == null ? 0 : s.size();
    }

    /** Channels with at least one subscriber (INFO's {@code pubsub_channels}). */
    public int channelCount() {
        return channels.size();
    }

    /** Distinct patterns with at least one subscriber (PUBSUB NUMPAT, INFO's {@code pubsub_patterns}). */
    public int patternCount() {
        return patterns.size();
    }

    public int shardChannelCount() {
        return shardChannels.size();
    }
}
