package io.cdp.server.rotor;

import io.cdp.functions.ChainResult;
import io.cdp.functions.call.FunctionError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/**
 * What the rotor reports on the admin port's {@code /prometheus}, labelled with the function's id:
 * calls and their duration, errors (by kind), timeouts, and events sent to the retry topic.
 * Counted once per function call from the {@link ChainResult} the {@link EventProcessor} got.
 * Thread-safe.
 *
 * <pre>{@code
 * RotorMetrics metrics = new RotorMetrics(registry);
 * metrics.chainRan(result);   // cdp_rotor_function_calls_total{function="..."} +1 per step
 * }</pre>
 */
public final class RotorMetrics {
    private static final String FUNCTION = "function";

    private final MeterRegistry registry;

    public RotorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Every step of the chain: a call and its duration; the failed step, if any, as an error or a timeout. */
    void chainRan(ChainResult result) {
        for (ChainResult.Step step : result.steps()) {
            String function = step.function().id();
            Counter.builder("cdp.rotor.function.calls").description("Function calls, failed ones included")
                    .tag(FUNCTION, function).register(registry).increment();
            if (step.result().elapsed() != null) {
                Timer.builder("cdp.rotor.function.duration").description("Time a function call took")
                        .tag(FUNCTION, function).register(registry).record(step.result().elapsed());
            }
        }
        if (result.failed()) {
            failed(result.failure());
        }
    }

    private void failed(ChainResult.Step step) {
        String function = step.function().id();
        FunctionError.Kind kind = step.result().error().kind();
        if (kind == FunctionError.Kind.TIMEOUT) {
            Counter.builder("cdp.rotor.function.timeouts").description("Function calls stopped by the time limit")
                    .tag(FUNCTION, function).register(registry).increment();
        } else {
            Counter.builder("cdp.rotor.function.errors")
                    .description("Function calls that failed other than by a timeout, by kind (throw, retry, limit,"
                            + " sandbox)")
                    .tag(FUNCTION, function).tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .register(registry).increment();
        }
    }

    /** The function asked for a retry and the event went to the retry topic (not yet exhausted). */
    void retried(String function) {
        Counter.builder("cdp.rotor.function.retries")
                .description("Events sent to the retry topic because a function threw a RetryError")
                .tag(FUNCTION, function).register(registry).increment();
    }
}
