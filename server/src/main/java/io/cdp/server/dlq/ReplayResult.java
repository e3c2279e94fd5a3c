package io.cdp.server.dlq;

import java.util.List;

/** What a replay did: how many letters went back to the retry topic, and which could not, why. */
public record ReplayResult(int replayed, List<Skipped> skipped) {
    /** A letter that was not replayed. */
    public record Skipped(String id, String reason) {
    }
}
