package io.cdp.server.config;

/**
 * The server will not start as configured, for a reason an operator fixes by changing the
 * configuration; {@link ServeCommand} prints the message alone, without a stack trace.
 */
public class StartupRefused extends RuntimeException {
    public StartupRefused(String message) {
        super(message);
    }
}
