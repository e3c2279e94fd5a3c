package io.cdp.server.bulker.destination;

/**
 * A destination call failed. {@link #retriable()} tells whether the same call may succeed later
 * (the destination was unreachable, overloaded or restarting) or not (the data or the SQL is
 * wrong), which decides between backing off and splitting the batch to find the bad rows.
 */
public class DestinationException extends RuntimeException {
    private final boolean retriable;

    public DestinationException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
