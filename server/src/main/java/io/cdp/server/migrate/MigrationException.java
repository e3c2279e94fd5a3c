package io.cdp.server.migrate;

/**
 * A migration command could not do its job. The message is written for the operator: it says
 * what happened and what to do next (no stack trace needed). {@link #unreachable()} tells a
 * database that did not answer apart from a migration that failed.
 */
public class MigrationException extends RuntimeException {
    private final boolean unreachable;

    public MigrationException(String message, Throwable cause) {
        this(message, false, cause);
    }

    public MigrationException(String message, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** True when the database could not be reached at all (nothing was changed). */
    public boolean unreachable() {
        return unreachable;
    }
}
