package io.cdp.server.dlq;

import java.util.List;

/**
 * What a replay did: how many letters went back to the retry topic, and which could not, why.
 * A replay of all matching letters goes a page at a time: {@code next} is the cursor of the
 * following page, null when there is none (and always for a replay of named ids).
 */
public record ReplayResult(int replayed, List<Skipped> skipped, String next) {
    /** A letter that was not replayed. */
    public record Skipped(String id, String reason) {
    }
}
