package io.cdp.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one function call produced. Exactly one of: events (one or more; the event itself when the
 * function returned nothing), dropped (it returned {@code null}, {@code false}, {@code "drop"}
 * or {@code []}), or an error. Logs and fetch calls are kept in every case.
 */
public record FunctionResult(
        Outcome outcome,
        List<ObjectNode> events,
        FunctionError error,
        List<LogEntry> logs,
        List<FetchCall> fetchCalls,
        Duration elapsed) {

    /** The three possible outcomes. */
    public enum Outcome {
        EVENTS, DROPPED, ERROR
    }

    public FunctionResult {
        Objects.requireNonNull(outcome, "outcome");
        events = events == null ? List.of() : List.copyOf(events);
        logs = List.copyOf(logs);
        fetchCalls = List.copyOf(fetchCalls);
        if ((outcome == Outcome.ERROR) != (error != null)) {
            throw new IllegalArgumentException("an error result needs an error, and only it");
        }
    }

    public boolean failed() {
        return outcome == Outcome.ERROR;
    }

    public boolean dropped() {
        return outcome == Outcome.DROPPED;
    }
}
