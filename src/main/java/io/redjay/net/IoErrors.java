package io.redjay.net;

/**
 * The text Redis puts after "Reading from client:" and "Error writing to client:", which is the C library's
 * {@code strerror}. Netty's native transport prefixes it with the failed call and the error number
 * ({@code recvAddress(..) failed with error(-104): }), which is dropped; other exceptions keep their message.
 */
final class IoErrors {
    private IoErrors() {
    }

    static String text(Throwable cause) {
        String m = cause == null ? null : cause.getMessage();
        if (m == null) {
            return cause == null ? "unknown error" : cause.getClass().getSimpleName();
        }
        int failed = m.indexOf(" failed");
        int colon = failed < 0 ? -1 : m.indexOf(": ", failed);
        return colon >= 0 ? m.substring(colon + 2) : m;
    }
}
