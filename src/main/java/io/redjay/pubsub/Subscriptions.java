package io.redjay.pubsub;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one client is subscribed to: channels, patterns and shard channels, each in subscription order (which is the
 * order UNSUBSCRIBE without arguments confirms them in).
 *
 * <p>{@link #subscribedMode()} is Redis's {@code CLIENT_PUBSUB} flag rather than "has a subscription": it is set by
 * any SUBSCRIBE-family command and cleared only when an UNSUBSCRIBE-family command leaves the client with nothing,
 * which is what decides the RESP2 command restrictions, the {@code pubsub} client type and its output-buffer class.
 */
public final class Subscriptions {
    final Set<ChannelName> channels = new LinkedHashSet<>();
    final Set<ChannelName> patterns = new LinkedHashSet<>();
    final Set<ChannelName> shardChannels = new LinkedHashSet<>();
    private boolean subscribedMode;

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    public int shardChannelCount() {
        return shardChannels.size();
    }

    /** The count in (P)SUBSCRIBE and (P)UNSUBSCRIBE confirmations: channels plus patterns. */
    int count() {
        return channels.size() + patterns.size();
    }

    int total() {
        return count() + shardChannels.size();
    }

    public boolean subscribedMode() {
        return subscribedMode;
    }

    void subscribedMode(boolean on) {
        subscribedMode = on;
    }
}
