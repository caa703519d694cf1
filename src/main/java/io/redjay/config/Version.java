package io.redjay.config;

/** The versions a Redjay server reports: the Redis version it implements (INFO, HELLO, LOLWUT) and its own. */
public final class Version {
    private Version() {
    }

    public static final String REDIS = "7.0.15";
    public static final String REDJAY = "0.1.0";
}
