package io.cdp.cli.functions;

import io.cdp.functions.call.CompiledFunction;
import io.cdp.functions.call.FunctionResult;
import io.cdp.functions.FunctionRuntime;
import io.cdp.functions.Invocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Measures how many events per second a function handles in the runtime, doing per event what
 * the rotor does for each function of a chain: {@link FunctionRuntime#invokeJson} with the
 * event's JSON text in and every output event's JSON text out (serialised by the function's
 * context, as for the rotor, which hands that text to the next function or its output envelope).
 * A warm-up runs first (the JIT compiles hot code), then the timed run.
 */
final class JavaBench {
    /** Events handled, seconds measured, calls that failed, and the rate. */
    record Measurement(long events, double seconds, long errors) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private JavaBench() {
    }

    static Measurement measure(FunctionRuntime runtime, CompiledFunction function, List<String> events,
                               Invocation invocation, Duration warmup, Duration duration, int threads,
                               LongConsumer progress) throws InterruptedException {
        run(runtime, function, events, invocation, warmup, threads, null);
        return run(runtime, function, events, invocation, duration, threads, progress);
    }

    private static Measurement run(FunctionRuntime runtime, CompiledFunction function, List<String> events,
                                   Invocation invocation, Duration length, int threads, LongConsumer progress)
            throws InterruptedException {
        LongAdder handled = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder outputChars = new LongAdder(); // the outputs are used, as the rotor uses them
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 7919;
            workers.add(pool.submit(() -> {
                long i = offset;
                while (!stop.get()) {
                    FunctionResult result = runtime.invokeJson(function, events.get((int) (i++ % events.size())), invocation);
                    if (result.failed()) {
                        errors.increment();
                    }
                    for (String out : result.eventsJson()) {
                        outputChars.add(out.length());
                    }
                    handled.increment();
                }
            }));
        }
        long end = started + length.toNanos();
        long nextReport = started + 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(100, (end - System.nanoTime()) / 1_000_000)));
            if (progress != null && System.nanoTime() >= nextReport) {
                progress.accept(handled.sum());
                nextReport += 1_000_000_000L;
            }
        }
        stop.set(true);
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("benchmark worker failed", e.getCause());
            }
        }
        return new Measurement(handled.sum(), seconds, errors.sum());
    }
}
