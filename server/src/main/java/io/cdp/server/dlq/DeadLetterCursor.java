package io.cdp.server.dlq;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the next page of a listing starts: for each partition of the dead-letter topic still to
 * read, the offset below which the letters not yet returned lie (pages go newest first, so they
 * walk each partition downwards). A partition that is not named has nothing left to read. Written
 * as {@code partition-offset} pairs, e.g. {@code 0-1234,1-99,2-5000}; clients treat it as opaque
 * and hand it back unchanged, with the same filters. Immutable.
 */
public record DeadLetterCursor(Map<Integer, Long> below) {
    public DeadLetterCursor {
        below = Map.copyOf(below);
    }

    /** The cursor as text, partitions in order; null when nothing is left to read. */
    public static String format(Map<Integer, Long> below) {
        if (below.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        new TreeMap<>(below).forEach((partition, offset) ->
                text.append(text.isEmpty() ? "" : ",").append(DeadLetterEntry.idOf(partition, offset)));
        return text.toString();
    }

    /** Parses the text {@link #format} wrote; empty when it is not a cursor. */
    public static Optional<DeadLetterCursor> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Map<Integer, Long> below = new TreeMap<>();
        for (String pair : text.split(",")) {
            Optional<long[]> position = DeadLetterEntry.parse(pair.trim());
            if (position.isEmpty() || position.get()[1] < 0 || below.put((int) position.get()[0], position.get()[1]) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(new DeadLetterCursor(below));
    }
}
