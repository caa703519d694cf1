package io.redjay.keyspace;

/**
 * Wall-clock time in unix milliseconds. The server uses the system clock; tests inject a manual one so that expiry
 * can be tested without sleeping.
 */
public interface Clock {
    long millis();

    Clock SYSTEM = System::currentTimeMillis;
}
