package io.cdp.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the functions attached to a source, in order: each function receives the output of the
 * previous one; when a function fans out, the rest of the chain runs on each resulting event;
 * when it drops, the chain ends with no events. The first error stops the whole chain (the
 * event is retried or dead-lettered as one). Stateless and thread-safe.
 *
 * <pre>{@code
 * ChainResult result = FunctionChain.run(runtime, List.of(clean, enrich), event, invocation);
 * if (result.failed()) deadLetter(result.failure()); else produce(result.events());
 * }</pre>
 */
public final class FunctionChain {
    private FunctionChain() {
    }

    public static ChainResult run(FunctionRuntime runtime, List<CompiledFunction> chain, ObjectNode event,
                                  Invocation invocation) {
        return run(runtime, chain, event, function -> invocation);
    }

    /** As above, with each function's own invocation (its own {@code ctx.props}). */
    public static ChainResult run(FunctionRuntime runtime, List<CompiledFunction> chain, ObjectNode event,
                                  java.util.function.Function<CompiledFunction, Invocation> invocationFor) {
        if (chain.isEmpty()) {
            return new ChainResult(List.of(OutputEvent.of(event)), null, List.of());
        }
        // Between steps the events stay JSON text: each function's output is the next one's input.
        List<String> current = List.of(FunctionRuntime.json(event));
        List<ChainResult.Step> steps = new ArrayList<>();
        for (CompiledFunction function : chain) {
            List<String> next = new ArrayList<>();
            for (String input : current) {
                FunctionResult result = runtime.invokeJson(function, input, invocationFor.apply(function));
                ChainResult.Step step = new ChainResult.Step(function, result);
                steps.add(step);
                if (result.failed()) {
                    return new ChainResult(List.of(), step, steps);
                }
                next.addAll(result.eventsJson());
            }
            current = next;
            if (current.isEmpty()) {
                break;
            }
        }
        return new ChainResult(current.stream().map(OutputEvent::ofJson).toList(), null, steps);
    }
}
