package io.redjay.config;

/** A configuration value or directive that is not acceptable; the message is Redis's wording. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
