package io.cdp.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionResult;
import java.util.List;

/**
 * The outcome of a {@link FunctionChain}: the events to produce (empty when dropped), or the
 * step that failed; and every step that ran, with its logs and fetch calls.
 */
public record ChainResult(List<OutputEvent> events, Step failure, List<Step> steps) {
    public ChainResult {
        events = List.copyOf(events);
        steps = List.copyOf(steps);
    }

    public boolean failed() {
        return failure != null;
    }

    public boolean dropped() {
        return failure == null && events.isEmpty();
    }

    /** One function call within the chain. */
    public record Step(CompiledFunction function, FunctionResult result) {
    }
}
