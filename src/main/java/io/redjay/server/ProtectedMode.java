package io.redjay.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Protected mode: while it is on and no password is set, only local clients are served, and the others receive
 * Redis's refusal, reproduced verbatim because clients and operators recognise it by its exact text.
 *
 * <p>"Local" is Redis 7.0's {@code islocalClient}: a unix socket, or a TCP peer whose address prints as exactly
 * {@code 127.0.0.1} or {@code ::1}. The rest of 127.0.0.0/8 is loopback to the kernel but not local to Redis, so a
 * client from 127.0.0.2 is refused.
 */
public final class ProtectedMode {
    private ProtectedMode() {
    }

    /** Whether a peer at {@code remote} counts as local for protected mode. */
    public static boolean isLocal(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress in)) {
            return true;
        }
        InetAddress a = in.getAddress();
        if (a instanceof Inet4Address v4) {
            byte[] b = v4.getAddress();
            return b[0] == 127 && b[1] == 0 && b[2] == 0 && b[3] == 1;
        }
        return a instanceof Inet6Address && a.isLoopbackAddress();
    }

    static final String DENIED = "-DENIED Redis is running in protected mode because protected "
            + "mode is enabled and no password is set for the default user. "
            + "In this mode connections are only accepted from the loopback interface. "
            + "If you want to connect from external computers to Redis you "
            + "may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command "
            + "'CONFIG SET protected-mode no' from the loopback interface "
            + "by connecting to Redis from the same host the server is "
            + "running, however MAKE SURE Redis is not publicly accessible "
            + "from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. "
            + "2) Alternatively you can just disable the protected mode by "
            + "editing the Redis configuration file, and setting the protected "
            + "mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart "
            + "it with the '--protected-mode no' option. "
            + "4) Setup a an authentication password for the default user. "
            + "NOTE: You only need to do one of the above things in order for "
            + "the server to start accepting connections from the outside.\r\n";
}
