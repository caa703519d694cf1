package io.redjay.protocol;

/**
 * A request that cannot be parsed. The message is the exact error text Redis replies with (without the leading
 * {@code ERR }); after sending it the connection is closed, as Redis does, because the stream can no longer be trusted.
 */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
