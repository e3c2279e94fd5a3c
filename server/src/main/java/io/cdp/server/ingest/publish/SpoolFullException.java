package io.cdp.server.ingest.publish;

/** An append to the {@link Spool} that would pass its size bound: nothing of it was written. */
public final class SpoolFullException extends RuntimeException {
    public SpoolFullException(long maxBytes) {
        super("the spool is full (" + maxBytes / (1024 * 1024) + " MiB of events wait for Kafka)");
    }
}
