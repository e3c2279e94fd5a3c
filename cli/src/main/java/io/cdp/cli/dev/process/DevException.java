package io.cdp.cli.dev.process;

/**
 * A problem with the local services that the user can fix. Its message is shown as it is (no
 * stack trace), so it says what went wrong and what to do next, e.g. which log to read.
 */
public class DevException extends RuntimeException {
    public DevException(String message) {
        super(message);
    }

    public DevException(String message, Throwable cause) {
        super(message, cause);
    }
}
