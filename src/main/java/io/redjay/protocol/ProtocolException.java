package io.redjay.protocol;

/**
 * A request that cannot be parsed. The message is the exact error text Redis replies with (without the leading
 * {@code ERR }); after sending it the connection is closed, as Redis does, because the stream can no longer be trusted.
 * The reason is the shorter text Redis puts in its log line for the same error ({@code invalid bulk length}).
 */
public final class ProtocolException extends Exception {
    private final String reason;

    public ProtocolException(String message, String reason) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** What Redis's "Protocol error (...)" log line says of this error. */
    public String reason() {
        return reason;
    }
}
