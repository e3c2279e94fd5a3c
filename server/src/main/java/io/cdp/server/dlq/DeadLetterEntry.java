package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;

/**
 * A dead letter as stored: its id ({@code partition-offset} on the dead-letter topic, stable for
 * as long as Kafka keeps the message) and the letter itself.
 */
public record DeadLetterEntry(String id, DeadLetter letter) {
    public static String idOf(int partition, long offset) {
        return partition + "-" + offset;
    }

    /** Parses {@code partition-offset}; empty when the text is not such an id. */
    public static java.util.Optional<long[]> parse(String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        if (dash <= 0) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new long[] {
                    Integer.parseInt(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))});
        } catch (NumberFormatException notAnId) {
            return java.util.Optional.empty();
        }
    }
}
