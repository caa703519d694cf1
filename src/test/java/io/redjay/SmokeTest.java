package io.redjay;

import io.redjay.support.RawClient;
import io.redjay.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmokeTest {
    @Test
    void pingAndUnknownCommand() throws Exception {
        try (TestServer s = TestServer.start(); RawClient c = new RawClient(s.port())) {
            assertEquals("+PONG\r\n", c.call("PING"));
            assertEquals("-ERR unknown command 'foo', with args beginning with: 'a' \r\n", c.call("foo", "a"));
        }
    }
}
