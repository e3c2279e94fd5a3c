package io.cdp.functions.call;

import io.cdp.functions.fetch.FetchCall;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one function call produced. Exactly one of: events (one or more; the event itself when the
 * function returned nothing), dropped (it returned {@code null}, {@code false}, {@code "drop"}
 * or {@code []}), or an error. Logs and fetch calls are kept in every case.
 *
 * <p>The events are kept as the JSON text the function's {@code JSON.stringify} produced: the
 * next function of a chain and most callers want text, so the host does not parse them unless
 * {@link #events()} is asked for.
 *
 * @param eventsJson each output event as a JSON object text
 */
public record FunctionResult(
        Outcome outcome,
        List<String> eventsJson,
        FunctionError error,
        List<LogEntry> logs,
        List<FetchCall> fetchCalls,
        Duration elapsed) {
    /** Only reads events (no dates to map): any mapper does, and this one keeps the package free of the runtime. */
    private static final ObjectMapper READER = new ObjectMapper();


    /** The three possible outcomes. */
    public enum Outcome {
        EVENTS, DROPPED, ERROR
    }

    public FunctionResult {
        Objects.requireNonNull(outcome, "outcome");
        eventsJson = eventsJson == null ? List.of() : List.copyOf(eventsJson);
        logs = List.copyOf(logs);
        fetchCalls = List.copyOf(fetchCalls);
        if ((outcome == Outcome.ERROR) != (error != null)) {
            throw new IllegalArgumentException("an error result needs an error, and only it");
        }
    }

    /** The output events parsed (a fresh copy on every call). */
    public List<ObjectNode> events() {
        List<ObjectNode> events = new ArrayList<>(eventsJson.size());
        for (String json : eventsJson) {
            events.add(parse(json));
        }
        return events;
    }

    /** One output event's JSON text as a tree. */
    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a function's output is not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    public boolean failed() {
        return outcome == Outcome.ERROR;
    }

    public boolean dropped() {
        return outcome == Outcome.DROPPED;
    }
}
