package io.cdp.functions.call;

import java.time.Instant;

/** One line a function logged through {@code ctx.log} or {@code console}. */
public record LogEntry(Instant at, String level, String message) {
}
